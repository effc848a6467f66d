namespace Bai.Reliability.Tests;

using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;

/// <summary>
/// Issue 8, "Faults": the migrator killed with SIGKILL at every step of its run (held there by BAI_TEST_PAUSE_AT,
/// so the point is exact, not a race), then run again with no flags: the rerun ends with the verifier passing and
/// exactly the source's rows, whatever the kill left (nothing before the commit, the committed data after it).
/// </summary>
public sealed class KillTests(SourceFileFixture source) : IClassFixture<SourceFileFixture>
{
    public static TheoryData<string> Points => new()
    {
        "snapshot",               // the backup is written, not yet hashed or renamed
        "ledger-started",         // the run is recorded as running, no transaction yet
        "schema",                 // EF's script ran inside the open transaction
        "truncated",              // the tables were emptied inside the transaction
        "after-copy:customers",   // between two tables
        "copy:invoice_items",     // in the middle of the largest table's COPY
        "constraints",            // one key or foreign key restored, the others not yet
        "sequences",              // one identity moved, the others not yet
        "analyze",                // one table analyzed, the others not yet
        "committed",              // the data committed, the ledger still says running
        "count-check",            // the count check under way, the ledger still says running
        "verify",                 // the run completed, the verifier not yet done
        "crud-written",           // the verifier's CRUD rows written in its transaction, not yet rolled back
    };

    [Theory]
    [Trait("Category", "Long")]
    [MemberData(nameof(Points))]
    public async Task A_run_killed_at_any_point_is_finished_exactly_by_a_rerun_without_flags(string point)
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);
        var sourceSha256 = Workspace.Sha256(workspace.SqlitePath);

        using (var child = MigratorProcess.Start(MigratorRun.Environment(workspace, database.ConnectionString), point, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]))
        {
            await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
            child.Kill();
            Assert.Equal(128 + 9, await child.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var rerun = await MigratorRun.InProcessAsync(workspace, database.ConnectionString);

        Assert.True(rerun.ExitCode == 0, $"{point}: exit {rerun.ExitCode}, {rerun.Outcome}\n{rerun.Errors}");
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
        // The verifier ran (no --no-verify) and passed: its report sits next to the migrator's.
        Assert.True(File.Exists(Path.ChangeExtension(rerun.ReportPath, ".verification.json")), "the rerun did not verify");
        Assert.Equal(0, await Target.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM bai_migration.runs WHERE status = 'running'"));
        Assert.Equal(sourceSha256, Workspace.Sha256(workspace.SqlitePath));
        // A kill while the snapshot was being written left its .db.partial; the rerun removed it.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(workspace.StateFolder, "backups"), "*.db.partial"));
    }

    /// <summary>
    /// A quarantining run killed after its commit: the rerun records a run of its own to finish it, and the rows the
    /// loading run quarantined are that run's. Its verification read the quarantine of the newest run (none), so every
    /// rejected row was "missing from the target", exit 2, and the standalone verifier said the same ever after.
    /// </summary>
    [Fact]
    [Trait("Category", "Long")]
    public async Task A_quarantining_run_killed_after_its_commit_is_verified_with_its_own_quarantine()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        using var workspace = new Workspace();
        await workspace.GenerateAsync(Workspace.SmallFile with
        {
            InvoicesPerAccount = 200,
            Damage = new HashSet<Bai.SampleData.DamageKind> { Bai.SampleData.DamageKind.OrphanReference, Bai.SampleData.DamageKind.NullInNotNull },
        });

        using (var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), PausePoints.Committed, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath, "--bad-rows", "quarantine"]))
        {
            await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
            child.Kill();
            Assert.Equal(128 + 9, await child.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var rerun = await MigratorRun.InProcessAsync(workspace, database.ConnectionString, "--bad-rows", "quarantine");
        // Once more: nothing to do, and its verification goes by the ledger's newest run, the one that finished the load.
        var again = await MigratorRun.InProcessAsync(workspace, database.ConnectionString, "--bad-rows", "quarantine");

        Assert.True(rerun.ExitCode == 0, $"exit {rerun.ExitCode}, {rerun.Outcome}\n{rerun.Errors}");
        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}, {again.Outcome}\n{again.Errors}");
        Assert.True(await Target.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM bai_migration.rejected_rows") > 0, "nothing was quarantined: the test proves nothing");
    }

    /// <summary>
    /// Ctrl+C once the copy has committed ended with "Interrupted before the work was done", exit 130, which the
    /// README read as "nothing of the copy was committed", while the data had landed; and the ledger turned a run it
    /// had recorded as completed (interrupted while verifying) into "interrupted: A task was canceled". Now the last
    /// line says the copy committed, the ledger keeps what it knew (interrupted while verifying: copied, not
    /// completed, as nothing verified it), and a rerun checks and verifies without copying.
    /// </summary>
    [Theory]
    [Trait("Category", "Long")]
    [InlineData("committed", "interrupted")]
    [InlineData("verify", "copied")]
    public async Task An_interruption_after_the_commit_says_that_the_copy_committed(string point, string recorded)
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);

        using (var child = MigratorProcess.Start(MigratorRun.Environment(workspace, database.ConnectionString), point, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]))
        {
            await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
            child.Interrupt();
            var code = await child.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{child.Errors}");
            Assert.Contains("Interrupted after the copy had committed", child.Errors, StringComparison.Ordinal);
        }

        Assert.Equal(recorded, await Target.TextAsync(database.ConnectionString, "SELECT status FROM bai_migration.runs ORDER BY id LIMIT 1"));
        var rerun = await MigratorRun.InProcessAsync(workspace, database.ConnectionString);

        Assert.True(rerun.ExitCode == 0, $"{point}: exit {rerun.ExitCode}, {rerun.Outcome}\n{rerun.Errors}");
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
        // One load: the rerun recognised the committed rows instead of copying them again.
        Assert.Equal(1, await Target.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM bai_migration.loads"));
    }
}
