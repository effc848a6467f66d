namespace Bai.Reliability.Tests;

using Bai.Core;
using Bai.Core.Ledger;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Processes;
using Bai.Testing;
using Bai.Testing.Postgres;

/// <summary>
/// One migrator at a time per database: a second one started while the first runs is refused, with the first named,
/// and the lock ends with the run that held it, also through PgBouncer in transaction mode, where a session-level lock
/// stayed on a pooled server session after its run (and a second run served by that session passed it).
/// </summary>
public sealed class RunLockTests(SourceFileFixture source) : IClassFixture<SourceFileFixture>
{
    // This test's database only: every run takes the same key, and other test classes' migrators run beside these.
    private static readonly string HeldRunLocks =
        $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = ({RunLock.Key}::bigint >> 32)::oid AND objid = ({RunLock.Key}::bigint & 4294967295)::oid";

    [Fact]
    public async Task A_second_migrator_is_refused_while_one_runs_and_told_which_session_runs()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        await AssertOneRunAtATimeAsync(database, database.ConnectionString);
    }

    [Fact]
    public async Task Through_PgBouncer_in_transaction_mode_the_lock_excludes_a_second_run_and_ends_with_the_run()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        await using (var pooler = await TestPgBouncer.StartAsync(database.Server))
        {
            await AssertOneRunAtATimeAsync(database, pooler.ApplicationConnectionStringFor(database.Server, database.DatabaseName));
        }

        // The pooler's server sessions are gone with it; a run connected directly finds the data loaded.
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);
        var direct = await MigratorRun.InProcessAsync(workspace, database.ConnectionString, "--no-verify");
        Assert.True(direct.ExitCode == 0, direct.Errors);
        Assert.StartsWith("already migrated", direct.Outcome, StringComparison.Ordinal);
    }

    /// <summary>
    /// The run lock's session is idle in a transaction for the whole run, which DBA monitoring flags and some scripts end:
    /// the run goes on (its copy is another connection's), and says that nothing kept a second migrator out since.
    /// </summary>
    [Fact]
    public async Task A_run_whose_lock_session_is_ended_completes_and_says_so()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);
        using var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), PausePoints.LedgerStarted, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath, "--no-verify"]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(2));

        var ended = await TableContents.ScalarAsync(
            database.AdminConnectionString,
            $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%{RunLock.NameSuffix}' AND pg_terminate_backend(pid)");
        child.Resume();

        Assert.Equal(1, ended);
        Assert.True(await child.WaitAsync(TimeSpan.FromMinutes(3)) == 0, child.Errors);
        Assert.Contains("The run lock's session ended before the run did", child.Output, StringComparison.Ordinal);
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
    }

    /// <summary>
    /// A first run held just after it took the lock; a second, through <paramref name="connectionString"/> too, is
    /// refused; the first completes; then no session holds the lock, the pooler's idle server sessions included.
    /// </summary>
    private async Task AssertOneRunAtATimeAsync(PostgresDatabaseFixture database, string connectionString)
    {
        using var first = new Workspace();
        first.CopySource(source.Path);
        using var second = new Workspace();
        second.CopySource(source.Path);

        using (var child = MigratorProcess.Start(
            MigratorRun.Environment(first, connectionString), PausePoints.LedgerStarted, first.PauseMarker, ["--sqlite", first.SqlitePath, "--no-verify"]))
        {
            await child.WaitForPauseAsync(TimeSpan.FromMinutes(2));
            var holder = await TableContents.ScalarAsync(database.AdminConnectionString, HeldRunLocks.Replace("count(*)", "min(pid)", StringComparison.Ordinal));

            var refused = await MigratorRun.InProcessAsync(second, connectionString, "--no-verify");

            Assert.True(refused.ExitCode == ExitCodes.Environment, $"exit {refused.ExitCode}: {refused.Errors}");
            Assert.Contains(
                $"Another Bai.Migrator is migrating into this database right now (server process {holder}, application 'Bai.Migrator{RunLock.NameSuffix}'",
                refused.Errors,
                StringComparison.Ordinal);
            child.Resume();
            Assert.True(await child.WaitAsync(TimeSpan.FromMinutes(3)) == 0, child.Errors);
        }

        Assert.Equal(0, await TableContents.ScalarAsync(database.AdminConnectionString, HeldRunLocks));
    }
}
