namespace Bai.Reliability.Tests;

using System.Diagnostics;
using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Processes;

/// <summary>
/// Issue 8, "Faults", with the embedded PostgreSQL (no ConnectionStrings:bai-db): Ctrl+C, a killed tool (a stale
/// cluster), a server restart in the middle of the copy. After each, no PostgreSQL process of ours is left once the
/// tool has ended, and a rerun without flags completes exactly.
/// </summary>
public sealed class EmbeddedFaultTests(SourceFileFixture source) : IClassFixture<SourceFileFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    [Trait("Category", "Long")]
    public async Task Ctrl_C_in_the_middle_of_the_copy_stops_within_seconds_with_exit_130_and_leaves_no_server_behind()
    {
        using var workspace = Prepare();
        using (var child = StartPausedAt(workspace, "copy:invoice_items"))
        {
            await child.WaitForPauseAsync(StartTimeout);
            // Ctrl+C while the copy is held (the pause point is synchronous, the copy thread waits there), then let it go:
            // resumed first, the rest of the copy, the constraints and the commit raced the kill process this test
            // starts to send the signal, and a busy machine could see "Interrupted after the copy had committed".
            child.Interrupt();
            var clock = Stopwatch.StartNew();
            child.Resume();
            // "Within a few seconds" (issue 8): the bound is the wait's timeout, not a timing assertion.
            var code = await child.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.True(code == ExitCodes.Interrupted, $"exit {code} after {clock.Elapsed}\n{child.Errors}");
            // On stderr, not only in the log: what the interruption means for the data and what to do.
            Assert.Contains("Interrupted before the work was done; nothing of it was committed, and running the same command again starts it over.", child.Errors, StringComparison.Ordinal);
        }

        Assert.Empty(await PostgresProcesses.LeftUnderAsync(workspace.PostgresState, TimeSpan.FromSeconds(10)));
        await AssertRerunCompletesExactlyAsync(workspace);
    }

    [Theory]
    [Trait("Category", "Long")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_killed_tool_leaves_a_stale_cluster_that_the_next_run_recovers_and_stops(bool serverKilledToo)
    {
        using var workspace = Prepare();
        using (var child = StartPausedAt(workspace, "copy:invoice_items"))
        {
            await child.WaitForPauseAsync(StartTimeout);
            child.Kill();
            await child.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // The server runs in a session of its own (so a terminal's Ctrl+C reaches only the tool): it outlives a SIGKILL.
        var orphaned = PostgresProcesses.Under(workspace.PostgresState);
        Assert.NotEmpty(orphaned);
        if (serverKilledToo)
        {
            // The whole machine's view of a crash: the postmaster gone too, its postmaster.pid left behind.
            foreach (var pid in orphaned)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // A backend of the killed tool's connections ends on its own once its client is gone: already exited.
                }
            }

            Assert.Empty(await PostgresProcesses.LeftUnderAsync(workspace.PostgresState, TimeSpan.FromSeconds(20)));
            Assert.True(File.Exists(Path.Combine(EmbeddedCluster.DataDirectory(workspace), "postmaster.pid")));
        }

        await AssertRerunCompletesExactlyAsync(workspace);
    }

    [Fact]
    [Trait("Category", "Long")]
    public async Task A_server_restart_in_the_middle_of_the_copy_is_reported_in_one_sentence_and_a_rerun_completes()
    {
        using var workspace = Prepare();
        using (var child = StartPausedAt(workspace, "copy:invoice_items"))
        {
            await child.WaitForPauseAsync(StartTimeout);
            await EmbeddedCluster.RestartAsync(workspace);
            child.Resume();
            var code = await child.WaitAsync(TimeSpan.FromMinutes(1));

            Assert.True(code == ExitCodes.Environment, $"exit {code}\n{child.Errors}");
            var message = child.Errors.Trim().Split('\n')[^1];
            Assert.Contains("connection to PostgreSQL", message, StringComparison.Ordinal);
            Assert.Contains("nothing of this run was committed", message, StringComparison.Ordinal);
        }

        Assert.Empty(await PostgresProcesses.LeftUnderAsync(workspace.PostgresState, TimeSpan.FromSeconds(10)));
        await AssertRerunCompletesExactlyAsync(workspace);
    }

    private Workspace Prepare()
    {
        var workspace = new Workspace();
        workspace.CopySource(source.Path);
        return workspace;
    }

    private static MigratorProcess StartPausedAt(Workspace workspace, string point) =>
        MigratorProcess.Start(MigratorRun.Environment(workspace, null), point, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]);

    private static async Task AssertRerunCompletesExactlyAsync(Workspace workspace)
    {
        var rerun = await MigratorRun.InProcessAsync(workspace, null);
        Assert.True(rerun.ExitCode == 0, $"exit {rerun.ExitCode}, {rerun.Outcome}\n{rerun.Errors}");
        Assert.True(File.Exists(Path.ChangeExtension(rerun.ReportPath, ".verification.json")), "the rerun did not verify");
        Assert.Empty(await PostgresProcesses.LeftUnderAsync(workspace.PostgresState, TimeSpan.FromSeconds(10)));

        await using (var server = await EmbeddedCluster.OpenAsync(workspace))
        {
            await Target.AssertHoldsExactlyAsync(server.ApplicationConnectionString, workspace.SqlitePath);
        }

        Assert.Empty(await PostgresProcesses.LeftUnderAsync(workspace.PostgresState, TimeSpan.FromSeconds(10)));
    }
}
