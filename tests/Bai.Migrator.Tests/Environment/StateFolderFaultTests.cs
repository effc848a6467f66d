namespace Bai.Migrator.Tests.Environment;

using System.Text.RegularExpressions;
using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Disks;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Microsoft.Data.Sqlite;
using static Bai.Migrator.Tests.Environment.EnvironmentFault;

/// <summary>
/// Faults of the migrator's own disk, where its state folder keeps the snapshots (<see cref="EnvironmentFault"/>): too
/// small for the snapshot, full as it is named, left with what an earlier run could not finish, or read-only; and a
/// rerun that needs no room for a second copy.
/// </summary>
public sealed class StateFolderFaultTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-environment-").FullName;

    /// <summary>
    /// A state folder whose disk cannot hold the snapshot is refused before anything is written: it used to fill the
    /// disk and end with "No space left on device", exit 1.
    /// </summary>
    [Fact]
    public async Task A_snapshot_that_does_not_fit_on_its_disk_is_refused_before_anything_is_written()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        using var disk = SmallDisk.Mount(kilobytes: (int)(new FileInfo(source.Path).Length / 1024 / 2));

        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, Path.Combine(disk.Path, "state", "backups"), "Bai:StateFolder");
        var length = new FileInfo(source.Path).Length;
        Assert.Matches($"needs up to ({Regex.Escape(DiskSpace.Describe(length))}|{length:N0} bytes) in ", run.Sentence);
        Assert.DoesNotMatch(@"needs up to (\S+ \S+) in .* has \1 free", run.Sentence);
        Assert.Empty(Directory.EnumerateFiles(disk.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(await TargetDatabase.TablesAsync(database));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A rerun of an unchanged source reuses its snapshot without copying the source first: its disk needs no room for
    /// a second copy. It used to copy, compare the hashes and delete the copy, and so refused the rerun (exit 3) on a
    /// disk with the snapshot and less than the source's size free.
    /// </summary>
    [Fact]
    public async Task A_rerun_of_an_unchanged_source_needs_no_room_for_a_second_copy()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var length = new FileInfo(source.Path).Length;
        using var disk = SmallDisk.Mount(kilobytes: (int)(length * 3 / 2 / 1024));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var first = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(DiskSpace.FreeBytes(disk.Path) < length, "the disk must lack room for a second copy for this test to mean anything");

        var rerun = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.ToString());
        Assert.Contains("The source is unchanged since snapshot", rerun.Output, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(disk.Path, "state", "backups"), "*.db"));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A disk with room for the copy and nothing more fills as the snapshot's hash is written. The copy used to get
    /// its final name first: the run said "Nothing was written" and left a full-size snapshot with an empty sidecar,
    /// which no later run reused or removed, so each was refused for want of room. Now nothing of it stays.
    /// </summary>
    [Fact]
    public async Task A_disk_that_fills_as_the_snapshot_is_named_keeps_nothing_of_it()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var length = new FileInfo(source.Path).Length;
        using var disk = SmallDisk.Mount(kilobytes: (int)(length / 1024));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, source.Path, "Nothing was written");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(disk.Path, "state", "backups")));
        source.AssertUnchanged();
    }

    /// <summary>What such a run of an earlier migrator left (a snapshot whose sidecar is empty) the next run removes.</summary>
    [Fact]
    public async Task A_snapshot_left_with_an_empty_sidecar_is_removed()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var backups = Directory.CreateDirectory(Path.Combine(folder, "state", "backups")).FullName;
        var leftover = Path.Combine(backups, "source-20260101T000000Z.db");
        File.Copy(source.Path, leftover);
        File.WriteAllBytes(leftover + ".sha256", []);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.False(File.Exists(leftover));
        Assert.False(File.Exists(leftover + ".sha256"));
        Assert.Single(Directory.EnumerateFiles(backups, "*.db"));
    }

    /// <summary>
    /// A state folder on a read-only file system (a container's, by default) is named before the snapshot, with the
    /// setting that moves it: it used to fail with .NET's "Read-only file system" and exit 1.
    /// </summary>
    [Fact]
    public async Task A_state_folder_that_cannot_be_written_is_named_before_anything_is_done()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        using var disk = SmallDisk.Mount(kilobytes: 64, readOnly: true);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, Path.Combine(disk.Path, "state"), "cannot be written");
        Assert.Contains("Bai:StateFolder", run.Sentence, StringComparison.Ordinal);
        Assert.Empty(await TargetDatabase.TablesAsync(database));
        source.AssertUnchanged();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
