namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;

public sealed class WithoutRowIdSourceTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    /// <summary>A file whose BAI table is declared WITHOUT ROWID has no rowid to name its rows by: said before any check runs.</summary>
    [Fact]
    public async Task A_source_with_a_table_declared_without_rowid_is_named_before_any_check()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
        var rebuilt = harness.SqlitePath + ".without-rowid.db";
        File.Copy(harness.SqlitePath, rebuilt);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = rebuilt, Pooling = false }.ConnectionString))
        {
            connection.Open();
            WithoutRowId.Rebuild(connection, "invoice_items");
        }

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(rebuilt));
        File.Delete(rebuilt);
        await harness.DeleteFilesAsync();

        Assert.Contains("'invoice_items' is declared WITHOUT ROWID", e.Message, StringComparison.Ordinal);
    }
}
