namespace Bai.Reliability.Tests;

using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;

/// <summary>
/// Limits a production database sets for its application (<c>ALTER DATABASE ... SET statement_timeout</c>, and the
/// same for <c>idle_in_transaction_session_timeout</c>) must not cancel the copy's transaction, which lifts them for
/// itself as pg_restore does, nor end the ledger's connection, idle while the copy works (<c>idle_session_timeout</c>). The migrator is held past the limit inside the statement or the transaction it bounds
/// (BAI_TEST_PAUSE_AT), then let go: it completes and verifies.
/// </summary>
public sealed class ServerLimitTests(SourceFileFixture source) : IClassFixture<SourceFileFixture>
{
    [Theory]
    [InlineData("statement_timeout", "copy:invoice_items")] // held inside the COPY statement
    [InlineData("idle_in_transaction_session_timeout", "constraints")] // held between two statements of the transaction
    [InlineData("idle_session_timeout", "copy:invoice_items")] // the ledger's connection waits outside a transaction
    public async Task A_limit_the_database_sets_for_its_application_does_not_cancel_the_copy(string setting, string point)
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        await Target.ExecuteAsync(database.AdminConnectionString, $"ALTER DATABASE {database.DatabaseName} SET {setting} = '1s'");
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);

        using var child = MigratorProcess.Start(MigratorRun.Environment(workspace, database.ConnectionString), point, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        child.Resume();

        Assert.True(await child.WaitAsync(TimeSpan.FromMinutes(3)) == 0, $"{setting}: {child.Errors}");
        // The run lock's transaction, idle for the whole run, lifts the limits too.
        Assert.DoesNotContain("The run lock's session ended", child.Output, StringComparison.Ordinal);
        // The test's own whole-table reads are not the tools': under load they outlasted the 1 s limit (CI).
        await Target.ExecuteAsync(database.AdminConnectionString, $"ALTER DATABASE {database.DatabaseName} RESET {setting}");
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
    }

    /// <summary>
    /// The verifier's CRUD check runs as the application does, under the database's idle_session_timeout: Npgsql sends
    /// the transaction's BEGIN with its first command, so until EF has built that command (a second and more on a busy
    /// machine, the first time) the session is idle outside a transaction, and the server may end it. The error is
    /// transient and the check's execution strategy replays it on a new connection; its rollback of the broken one had
    /// thrown instead, ending the migrator's verification with "Unexpected error: NpgsqlTransaction" (exit 1).
    /// </summary>
    [Fact]
    public async Task A_crud_check_whose_session_the_server_ends_before_its_first_command_is_replayed()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        await database.AlterAsync("SET idle_session_timeout = '1s'");
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);

        using var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), PausePoints.CrudBegun, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        child.Resume();

        Assert.True(await child.WaitAsync(TimeSpan.FromMinutes(3)) == 0, child.Errors);
        // The server did end a session (its FATAL "terminating connection due to idle-session timeout"): the replay was needed.
        var ended = await Target.TextAsync(database.AdminConnectionString, $"SELECT sessions_fatal FROM pg_stat_database WHERE datname = '{database.DatabaseName}'");
        Assert.True(long.Parse(ended!, System.Globalization.CultureInfo.InvariantCulture) > 0, $"no session of {database.DatabaseName} was ended: the test proves nothing");
    }

    /// <summary>
    /// The count check after the commit reads whole tables outside the copy's transaction: held inside its count of
    /// invoice_items past the database's statement_timeout (a lock another session holds), it still completes.
    /// </summary>
    [Fact]
    public async Task The_count_check_after_the_commit_outlasts_the_database_s_statement_timeout()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        await database.AlterAsync("SET statement_timeout = '1s'");
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);

        using var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), "committed", workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        await using var held = await HeldTableLock.TakeAsync(database.AdminConnectionString, "invoice_items");
        child.Resume();
        var running = child.WaitAsync(TimeSpan.FromMinutes(3));
        var waited = await held.ReleaseAfterWaitAsync(running, held: TimeSpan.FromSeconds(2), timeout: TimeSpan.FromMinutes(1));

        Assert.True(await running == 0, child.Errors);
        Assert.True(waited, "the count check never waited on invoice_items: the test proves nothing");
        await Target.ExecuteAsync(database.AdminConnectionString, $"ALTER DATABASE {database.DatabaseName} RESET statement_timeout");
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
    }

    /// <summary>
    /// The migrator's own verification cancelled at the database's statement_timeout after the copy committed: its
    /// CRUD check runs under the application's limits on purpose, and its insert into customers waits behind a SHARE
    /// lock. The verifier's sentence says what the copy left in the words the migrator gave it, and says it once (the
    /// migrator adds them only to a sentence that lacks them, such as a refused connection's).
    /// </summary>
    [Fact]
    public async Task A_verification_cancelled_at_the_database_s_limit_after_the_commit_says_once_that_the_copy_committed()
    {
        const string committed = "the copy had committed, so the target holds this snapshot's rows, but their verification did not finish (run the migrator again to verify them: nothing is copied twice)";
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        await database.AlterAsync("SET statement_timeout = '1s'");
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);

        using var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), "verify", workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        await using var held = await HeldTableLock.TakeAsync(database.AdminConnectionString, "customers", "SHARE");
        child.Resume();

        Assert.True(await child.WaitAsync(TimeSpan.FromMinutes(3)) == ExitCodes.Environment, child.Errors);
        Assert.Contains(
            $"PostgreSQL cancelled a statement at its statement_timeout; {committed}; the limit is the role's, the database's or the server's (ConnectionStrings:bai-db's Options set none), which the tools lift for their own work but not for the verifier's CRUD and plans checks, whose queries run under the application's limits on purpose, so raise it until those queries fit within it, or leave those two checks out (Bai.Verifier --checks schema,counts,content,references,isolation,sequences; the migrator with --no-verify).",
            child.Errors,
            StringComparison.Ordinal);
        Assert.Equal(2, child.Errors.Split(committed).Length);
        await Target.ExecuteAsync(database.AdminConnectionString, $"ALTER DATABASE {database.DatabaseName} RESET statement_timeout");
        Assert.Equal("copied", await Target.TextAsync(database.ConnectionString, "SELECT status FROM bai_migration.runs"));
    }
}
