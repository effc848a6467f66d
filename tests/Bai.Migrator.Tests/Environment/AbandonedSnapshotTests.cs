namespace Bai.Migrator.Tests.Environment;

using System.Diagnostics;
using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;

/// <summary>
/// A run killed while writing its snapshot leaves a <c>.db.partial</c> as large as the source. The next run removes the
/// ones whose process is gone and keeps the one a migrator still running next to it is writing.
/// </summary>
public sealed class AbandonedSnapshotTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-abandoned-").FullName;

    [Fact]
    public async Task Partials_of_finished_processes_are_removed_and_a_running_ones_is_kept()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var backups = Directory.CreateDirectory(Path.Combine(folder, "state", "backups")).FullName;
        using var running = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        int finished;
        using (var done = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            await done.WaitForExitAsync();
            finished = done.Id;
        }

        var abandoned = Path.Combine(backups, $"bai-20260101T000000Z.pid{finished}.db.partial");
        var older = Path.Combine(backups, "bai-20250101T000000Z.db.partial");
        var live = Path.Combine(backups, $"bai-20260101T000001Z.pid{running.Id}.db.partial");
        foreach (var path in new[] { abandoned, older, live })
        {
            await File.WriteAllBytesAsync(path, new byte[4096]);
        }

        try
        {
            var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", source.Path, "--no-verify", "--reset");

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.False(File.Exists(abandoned), "the partial of a finished process is still there");
            Assert.False(File.Exists(older), "the partial without a process id is still there");
            Assert.True(File.Exists(live), "the partial of a running process was removed");
            Assert.Contains(abandoned, run.Output, StringComparison.Ordinal);
            Assert.Single(Directory.EnumerateFiles(backups, "*.db.partial"));
            Assert.Single(Directory.EnumerateFiles(backups, "*.db"));
        }
        finally
        {
            running.Kill();
        }
    }

    [Fact]
    public async Task A_partial_carrying_this_processs_own_id_is_an_earlier_processs_and_is_removed()
    {
        // In a container the migrator is pid 1 on every run: the partial a killed run left has the next run's id.
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var backups = Directory.CreateDirectory(Path.Combine(source.StateFolder, "backups")).FullName;
        var killedEarlier = Path.Combine(backups, $"bai-20260101T000000Z.pid{System.Environment.ProcessId}.db.partial");
        await File.WriteAllBytesAsync(killedEarlier, new byte[4096]);

        var run = await MigrationRun.StartAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.False(File.Exists(killedEarlier), "the partial with this process's id is still there");
        Assert.Empty(Directory.EnumerateFiles(backups, "*.db.partial"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
