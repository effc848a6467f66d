namespace Bai.Migrator.Pipeline;

using Bai.Core;

/// <summary>
/// The snapshot folder (<c>state/backups</c>) as runs leave it: each snapshot beside a sidecar holding its SHA-256, and
/// the partial copy a run writes first, named with its process id. Which of these a run may reuse, and which it
/// removes as an earlier run's leftovers.
/// </summary>
internal static class SnapshotFolder
{
    private const string PartialSuffix = ".db.partial";

    /// <summary>Marks the process id in a partial's name (see <see cref="WriterIsRunning"/>).</summary>
    private const string PidMarker = ".pid";

    /// <summary>
    /// A run killed while copying (SIGKILL, power loss) leaves its <c>.db.partial</c> behind, as large as the source.
    /// Any whose process is gone is removed; one whose process still runs belongs to a migrator working next to us.
    /// Each removal is told to <paramref name="removed"/> (its path and size) once it is made, for the run's log.
    /// </summary>
    public static void RemoveAbandoned(string backupFolder, Action<string, long> removed)
    {
        foreach (var path in Directory.EnumerateFiles(backupFolder, "*" + PartialSuffix))
        {
            if (WriterIsRunning(path))
            {
                continue;
            }

            var bytes = new FileInfo(path).Length;
            File.Delete(path);
            removed(path, bytes);
        }

        // Migrators before this release renamed the copy before writing its sidecar, and a disk that filled just then
        // left a snapshot whose sidecar is empty: no run could reuse it, and it kept its room taken.
        foreach (var sidecar in Directory.EnumerateFiles(backupFolder, "*.db.sha256").Where(s => new FileInfo(s).Length == 0))
        {
            var snapshot = sidecar[..^".sha256".Length];
            var bytes = File.Exists(snapshot) ? new FileInfo(snapshot).Length : 0;
            File.Delete(snapshot);
            File.Delete(sidecar);
            removed(snapshot, bytes);
        }
    }

    /// <summary>
    /// Where a copy is written before it is complete. The process id in the name tells a later run whether the copy
    /// is still being written or was abandoned.
    /// </summary>
    public static string PartialPath(string backupFolder, string name) =>
        Path.Combine(backupFolder, $"{name}{PidMarker}{Environment.ProcessId}{PartialSuffix}");

    private static bool WriterIsRunning(string partialPath)
    {
        var name = Path.GetFileName(partialPath)[..^PartialSuffix.Length];
        var marker = name.LastIndexOf(PidMarker, StringComparison.Ordinal);
        if (marker < 0 || !int.TryParse(name[(marker + PidMarker.Length)..], out var pid))
        {
            return false; // Written before partials carried their process id: nobody is writing it any more.
        }

        if (pid == Environment.ProcessId)
        {
            // This run has not started its own copy yet: an earlier process had our id (in a container the migrator
            // is often pid 1 on every run) and was killed.
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // No such process.
        }
    }

    /// <summary>The snapshot whose sidecar records <paramref name="sha256"/>; null when there is none.</summary>
    public static string? Find(string backupFolder, string sha256) =>
        Snapshots(backupFolder).FirstOrDefault(s => s.Sha256 == sha256).Path;

    /// <summary>The snapshots in the folder with the SHA-256 their sidecar records.</summary>
    public static IEnumerable<(string Path, string Sha256)> Snapshots(string backupFolder)
    {
        foreach (var sidecar in Directory.EnumerateFiles(backupFolder, "*.db.sha256"))
        {
            var snapshot = sidecar[..^".sha256".Length];
            if (File.Exists(snapshot))
            {
                yield return (snapshot, File.ReadAllText(sidecar).Split(' ', 2)[0]);
            }
        }
    }

    /// <summary>The sidecar that records <paramref name="snapshot"/>'s SHA-256, as <c>sha256sum</c> writes it, written whole.</summary>
    public static Task WriteSidecarAsync(string snapshot, string sha256, CancellationToken cancellationToken) =>
        WholeFile.WriteAsync(
            snapshot + ".sha256",
            (stream, token) => stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{sha256}  {Path.GetFileName(snapshot)}\n"), token).AsTask(),
            cancellationToken);
}
