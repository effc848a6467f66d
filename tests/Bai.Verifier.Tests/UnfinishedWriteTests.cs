namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Bai.Testing.Sqlite;

/// <summary>
/// A source whose application stopped in the middle of a write (a hot journal): the verifier opens it read-only, so it
/// cannot roll the write back, and says so in one sentence instead of SQLite's "attempt to write a readonly database".
/// Its own database: the run migrates one.
/// </summary>
public sealed class UnfinishedWriteTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_source_with_an_unfinished_write_is_named_and_left_as_it_is()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
        var path = HotJournal.LeaveUnfinishedWrite(harness.SqlitePath, harness.SqlitePath + ".interrupted.db");
        var bytes = (await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(path + "-journal"));

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(path));
        var after = (await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(path + "-journal"));
        await harness.DeleteFilesAsync();

        Assert.Contains("unfinished write", e.Message, StringComparison.Ordinal);
        Assert.Contains(path + "-journal", e.Message, StringComparison.Ordinal);
        Assert.Equal(bytes.Item1, after.Item1);
        Assert.Equal(bytes.Item2, after.Item2);
    }
}
