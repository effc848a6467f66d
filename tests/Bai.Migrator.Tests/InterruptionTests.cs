namespace Bai.Migrator.Tests;

using Bai.Core;
using Bai.Testing;
using Bai.Core.Schema;
using Bai.Migrator.Tests.Support;
using Bai.SampleData;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;

/// <summary>Issue 3: a run killed in the middle of its copy, then run again without flags, ends exact.</summary>
public sealed class InterruptionTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_run_killed_mid_copy_leaves_no_rows_and_the_next_run_completes_exactly()
    {
        using var harness = new MigratorHarness(database.ConnectionString);
        var (path, summary) = await harness.GenerateAsync(new SampleOptions { Accounts = 8, InvoicesPerAccount = 2500, Seed = 5 });
        var sha256 = MigratorHarness.Sha256(path);

        // Held in the middle of invoice_items' COPY (BAI_TEST_PAUSE_AT) and killed there: a kill timed from the ledger's
        // "copy" phase (300 ms after it) could land after the commit on a busy machine, where the test's own wait and
        // the kill are what gets delayed while the child's copy goes on.
        var marker = Path.Combine(harness.Folder, "paused");
        using (var process = MigratorProcess.Start(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__bai-db"] = database.ConnectionString,
                ["Bai__StateFolder"] = harness.StateFolder,
            },
            PausePoints.CopyOf("invoice_items"),
            marker,
            ["--sqlite", path, "--no-verify"]))
        {
            await process.WaitForPauseAsync(TimeSpan.FromSeconds(90));
            process.Kill();
            var code = await process.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, code);
        }

        // Nothing of the killed copy is visible: the application's schema did not even commit.
        Assert.Equal(0, await TableContents.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM pg_class WHERE relname = 'invoices'"));

        var rerun = await harness.RunAsync(path, "--no-verify");
        Assert.True(rerun.ExitCode == 0, rerun.Errors);
        foreach (var table in BaiSchema.AllTables)
        {
            Assert.Equal(summary.RowCounts[table.Name], await TableContents.ScalarAsync(database.ConnectionString, $"SELECT count(*) FROM {table.Name}"));
        }

        Assert.Equal(1, await TableContents.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM bai_migration.runs WHERE status = 'interrupted'"));
        Assert.Equal(sha256, MigratorHarness.Sha256(path));
    }
}
