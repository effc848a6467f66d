namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;

/// <summary>
/// Issue 8, "Soak": twenty migrate-and-verify cycles in one process (the real Main, --reset after the first) leave
/// memory and open files where they were after the first few, and no PostgreSQL process behind.
/// </summary>
public sealed class SoakTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Cycles = 20;
    private const int Baseline = 5;

    [Fact]
    [Trait("Category", "Long")]
    public async Task Twenty_migrate_and_verify_cycles_leak_no_memory_files_or_processes()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 2, InvoicesPerAccount = 150, Seed = 61 });
        long baselineMemory = 0;
        var baselineFiles = 0;

        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var run = await MigratorRun.InProcessAsync(workspace, database.ConnectionString, cycle == 1 ? [] : ["--reset"]);
            Assert.True(run.ExitCode == 0, $"cycle {cycle}: exit {run.ExitCode}, {run.Outcome}\n{run.Errors}");
            Assert.True(File.Exists(Path.ChangeExtension(run.ReportPath, ".verification.json")), $"cycle {cycle} did not verify");
            File.Delete(run.ReportPath);
            File.Delete(Path.ChangeExtension(run.ReportPath, ".verification.json"));
            if (cycle == Baseline)
            {
                (baselineMemory, baselineFiles) = Measure();
            }
        }

        var (memory, files) = Measure();
        // Tolerances for the runtime's own noise (JIT, pools warming up), far below what one leaked run would hold.
        Assert.True(memory - baselineMemory < 16 * 1024 * 1024, $"managed memory grew from {baselineMemory} to {memory} bytes over {Cycles - Baseline} cycles");
        Assert.True(files - baselineFiles <= 8, $"open file descriptors grew from {baselineFiles} to {files} over {Cycles - Baseline} cycles");
        Assert.Equal(Cycles, await Target.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM bai_migration.runs WHERE status = 'completed'"));
        Assert.Empty(PostgresProcesses.Under(workspace.Folder));
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
    }

    private static (long Memory, int Files) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return (GC.GetTotalMemory(forceFullCollection: true), Directory.GetFileSystemEntries("/proc/self/fd").Length);
    }
}
