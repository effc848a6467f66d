namespace Bai.Migrator.Tests.Environment;

using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Microsoft.Data.Sqlite;

/// <summary>A writer that finishes soon is waited for (the snapshot reads one consistent state), not reported as a fault.</summary>
public sealed class LockedSourceTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_short_write_transaction_is_waited_for_and_the_migration_proceeds()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        using var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source.Path, Pooling = false }.ConnectionString);
        writer.Open();
        using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        // Waiting as long as the test may take: with the default 10 s, the 2 s below and the rollback after it had to fit
        // in the migrator's wait, which a thread pool starved by the classes running beside this one (the SQLite busy wait
        // itself holds one of its threads) could stretch past it, and the run then failed as "locked" (exit 3).
        var run = MigrationRun.StartAsync(source, database, "--source-lock-wait", "120");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(run.IsCompleted, "The migration did not wait for the writer.");
        using (var rollback = writer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        var result = await run;
        Assert.True(result.ExitCode == ExitCodes.Success, result.Describe());
        await RejectedDamageTests.AssertLoadedExactlyAsync(source, database, new HashSet<(string, long)>(), new Dictionary<(string, long, string), string>());
        source.AssertUnchanged();
    }
}
