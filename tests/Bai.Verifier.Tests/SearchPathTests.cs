namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Npgsql;

public sealed class SearchPathTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    /// <summary>
    /// A search_path changed after the move to one that names no schema hides the tables from the application as from
    /// the verifier: said as such, not as "never migrated".
    /// </summary>
    [Fact]
    public async Task A_search_path_without_a_schema_is_named_not_taken_for_a_database_never_migrated()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
        await using (var admin = new NpgsqlConnection(database.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE {database.DatabaseName} SET search_path = ''", admin);
            await alter.ExecuteNonQueryAsync();
        }

        // Sessions opened before keep the old search_path: only this class's pool, as other classes run alongside.
        await using (var pooled = new NpgsqlConnection(database.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync());
        await harness.DeleteFilesAsync();

        Assert.Contains("search_path", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never migrated", e.Message, StringComparison.Ordinal);
    }
}
