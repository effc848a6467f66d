namespace Bai.Reliability.Tests;

using System.Globalization;
using System.Text.RegularExpressions;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;

/// <summary>
/// Issue 8, "lose nothing", for a power cut rather than a kill: the snapshot is the rollback point, and a later run
/// reuses a snapshot by its name and hash. So its bytes must be on disk (fsync) before the copy gets its final name;
/// renamed first, a crash could leave a named snapshot whose pages never reached the disk. The system calls say which
/// came first.
/// </summary>
public sealed partial class SnapshotDurabilityTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task The_snapshot_reaches_the_disk_before_it_is_named()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 2, InvoicesPerAccount = 100, Seed = 61 });

        var trace = Path.Combine(workspace.Folder, "strace");
        using (var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), null, null,
            ["--sqlite", workspace.SqlitePath, "--no-verify"],
            // -ff: a file per thread (the flush and the rename run on different ones); -ttt: times to order them by.
            wrapper: ["strace", "-ff", "-qq", "-y", "-ttt", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", "-o", trace]))
        {
            var code = await child.WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"exit {code}\n{child.Errors}");
        }

        var calls = Directory.EnumerateFiles(workspace.Folder, "strace.*").SelectMany(File.ReadAllLines)
            .Select(line => Call().Match(line)).Where(m => m.Success)
            .Select(m => (Time: decimal.Parse(m.Groups["time"].Value, CultureInfo.InvariantCulture), Name: m.Groups["name"].Value, Arguments: m.Groups["arguments"].Value))
            .ToList();
        var naming = Assert.Single(calls, c => c.Name.StartsWith("rename", StringComparison.Ordinal) && c.Arguments.Contains(".db.partial\"", StringComparison.Ordinal));
        var partial = Regex.Match(naming.Arguments, "\"(?<path>[^\"]+\\.db\\.partial)\"").Groups["path"].Value;
        var flushes = calls.Where(c => c.Name is "fsync" or "fdatasync" && c.Arguments.Contains($"<{partial}>", StringComparison.Ordinal)).ToList();
        Assert.True(flushes.Count > 0, $"no fsync of {partial}:\n{string.Join('\n', calls)}");
        Assert.True(flushes.Min(f => f.Time) < naming.Time, $"{partial} was named before it was flushed:\n{string.Join('\n', calls)}");
        // Its sidecar is whole before the snapshot is named: a named snapshot always has its hash.
        var sidecar = Assert.Single(calls, c => c.Name.StartsWith("rename", StringComparison.Ordinal) && c.Arguments.Contains(".db.sha256\"", StringComparison.Ordinal));
        Assert.True(sidecar.Time < naming.Time, $"the sidecar was written after the snapshot was named:\n{string.Join('\n', calls)}");
    }

    /// <summary>
    /// The snapshot and the report hold customers' data, and were created with the default mode (0644), made
    /// owner-only only once complete: a local user could open the copy while it was written and keep reading it.
    /// Held where the copy is complete but not yet named, its mode is owner-only already.
    /// </summary>
    [Fact]
    public async Task The_snapshot_and_the_report_are_owner_only_from_their_first_byte()
    {
        // A database of its own: the class's holds the other test's load.
        await using var target = await PostgresDatabaseFixture.CreateAsync();
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 2, InvoicesPerAccount = 50, Seed = 62 });
        var backups = Path.Combine(workspace.StateFolder, "backups");

        using (var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, target.ConnectionString), "snapshot", workspace.PauseMarker, ["--sqlite", workspace.SqlitePath, "--no-verify"]))
        {
            await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
            var partial = Assert.Single(Directory.EnumerateFiles(backups, "*.db.partial"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(partial));
            child.Resume();
            var code = await child.WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"exit {code}\n{child.Errors}");
        }

        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Assert.Single(Directory.EnumerateFiles(backups, "*.db"))));
        var report = Assert.Single(Directory.EnumerateFiles(Path.Combine(workspace.StateFolder, "reports"), "migration-*.json"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(report));
    }

    // 1764143123.456789 fsync(184</tmp/.../backups/bai-....pid42.db.partial>) = 0
    [GeneratedRegex(@"^(?<time>\d+\.\d+) (?<name>fsync|fdatasync|rename|renameat|renameat2)\((?<arguments>.*)\)\s+= 0$")]
    private static partial Regex Call();
}
