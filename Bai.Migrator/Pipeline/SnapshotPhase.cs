namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Core.Sqlite;
using Microsoft.Extensions.Logging;

/// <summary>
/// Step 1 of the guide, "Backup your SQLite database": the source is copied inside one read transaction, so a writer
/// working on the live file cannot tear the copy; byte for byte in rollback-journal mode (<see cref="LockedByteCopy"/>),
/// with SQLite's online backup API in WAL mode. The source is opened read-only and never written; everything after
/// this step reads the snapshot only. The reads and copies are <see cref="SnapshotCopy"/>'s, the folder's snapshots
/// and partials <see cref="SnapshotFolder"/>'s: this class decides what a run takes, reuses or refuses, and logs it.
/// </summary>
internal sealed partial class SnapshotPhase(ILogger<SnapshotPhase> logger)
{
    /// <param name="lockWait">How long a writer holding the source may keep the backup waiting (--source-lock-wait).</param>
    public async Task<Snapshot> TakeAsync(string sourcePath, string backupFolder, TimeSpan lockWait, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(sourcePath);
        SqliteFileCheck.EnsureReadable(source);
        WritableFolder.Ensure(backupFolder, "The snapshot folder", "set Bai:StateFolder (or Bai__StateFolder in the environment) to a folder this user may write (it holds the snapshots and the reports)");
        SnapshotFolder.RemoveAbandoned(backupFolder, (path, bytes) => Log.AbandonedPartialRemoved(logger, path, bytes));
        if (await Task.Run(() => FindUnchangedSnapshot(source, backupFolder, lockWait), cancellationToken) is { } unchanged)
        {
            // A rerun of an unchanged source (the rehearsal's usual case) neither copies it nor needs room for a copy.
            Log.SnapshotReused(logger, unchanged.Path, unchanged.Sha256);
            return new Snapshot(source, unchanged.Path, unchanged.Sha256, new FileInfo(unchanged.Path).Length, Reused: true);
        }

        EnsureRoom(source, backupFolder);

        var name = $"{Path.GetFileNameWithoutExtension(source)}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}";
        var partial = SnapshotFolder.PartialPath(backupFolder, name);
        File.Delete(partial);
        try
        {
            await Task.Run(() => SnapshotCopy.Copy(source, partial, lockWait), cancellationToken);
            await PausePoints.ReachAsync(PausePoints.Snapshot, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            // The disk flush (I/O) and the hash (CPU, from the page cache) overlap; the copy gets its final name, and
            // so becomes a snapshot a later run may reuse, only once both are done.
            var flushing = Task.Run(() => Flush(partial), cancellationToken);
            var hashing = FileSha256.ComputeAsync(partial, cancellationToken);
            await Task.WhenAll(flushing, hashing);
            var sha256 = await hashing;

            // A source the check above could not hash in place (WAL mode) and whose copy matches an earlier snapshot
            // keeps one copy: the earlier snapshot of the same content is the same rollback point.
            var existing = SnapshotFolder.Find(backupFolder, sha256);
            if (existing is not null)
            {
                File.Delete(partial);
                Log.SnapshotReused(logger, existing, sha256);
                return new Snapshot(source, existing, sha256, new FileInfo(existing).Length, Reused: true);
            }

            var final = Path.Combine(backupFolder, name + ".db");
            // The sidecar first, whole (written beside, flushed, renamed): a snapshot under its final name always has
            // its hash. Renamed first, a disk that filled while the sidecar was written left a full-size snapshot with
            // an empty sidecar that no run reused or removed, and every later run was refused for want of room.
            await SnapshotFolder.WriteSidecarAsync(final, sha256, cancellationToken);
            // The snapshot holds every customer's data and is the rollback point: owner-only (from its first byte), and
            // read-only so nothing edits it by mistake.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(partial, UnixFileMode.UserRead);
            }

            File.Move(partial, final);
            Log.SnapshotTaken(logger, final, sha256);
            return new Snapshot(source, final, sha256, new FileInfo(final).Length, Reused: false);
        }
        catch (Exception e) when (DiskSpace.IsFull(e))
        {
            // Something else filled the disk while we copied (the check before said the copy fit), or the user's quota
            // is smaller than the disk's free space. The partial goes first, so that the free space said is the real one.
            File.Delete(partial);
            File.Delete(Path.Combine(backupFolder, name + ".db.sha256"));
            throw new BaiEnvironmentException(NoRoomMessage(source, backupFolder), e);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Refuses before writing anything when the copy cannot fit: one byte copy of a rollback-journal source, or the
    /// backup API's copy of a WAL source, at most the file and its -wal together. Otherwise the disk filled after
    /// hundreds of megabytes, with "No space left on device" and exit 1.
    /// </summary>
    private static void EnsureRoom(string source, string backupFolder)
    {
        if (DiskSpace.FreeBytes(backupFolder) < SnapshotBytes(source))
        {
            throw new BaiEnvironmentException(NoRoomMessage(source, backupFolder));
        }
    }

    private static long SnapshotBytes(string source) =>
        new FileInfo(source).Length + (File.Exists(SqliteFile.SidecarPath(source, "-wal")) ? new FileInfo(SqliteFile.SidecarPath(source, "-wal")).Length : 0);

    private static string NoRoomMessage(string source, string backupFolder)
    {
        var (needed, free) = DiskSpace.FreeBytes(backupFolder) is { } bytes
            ? DiskSpace.DescribeShortfall(SnapshotBytes(source), bytes)
            : (DiskSpace.Describe(SnapshotBytes(source)), "too little");
        return $"The snapshot of the SQLite source '{source}' needs up to {needed} in '{backupFolder}', and its disk has {free} free; make room there, or set Bai:StateFolder (or Bai__StateFolder in the environment) to a folder on a larger disk. Nothing was written, and the source is unchanged.";
    }

    /// <summary>
    /// Whether rows recorded as loaded from <paramref name="recordedSha256"/> are this snapshot's content. Migrators
    /// before the byte-for-byte copy hashed the backup API's copy of every source, and for a rollback-journal source
    /// that copy differs from the file's bytes in its header (the schema cookie the backup sets, and the version
    /// number of the SQLite that wrote it). Such a hash is recognised by making that copy of the snapshot again, only
    /// when the plain hashes differ: a rehearsal target loaded by an earlier version keeps its rows instead of being
    /// refused without --reset.
    /// </summary>
    public async Task<bool> HoldsContentOfAsync(Snapshot snapshot, string? recordedSha256, CancellationToken cancellationToken)
    {
        if (recordedSha256 is null)
        {
            return false;
        }

        if (recordedSha256 == snapshot.Sha256)
        {
            return true;
        }

        var partial = SnapshotFolder.PartialPath(Path.GetDirectoryName(snapshot.Path)!, $"{Path.GetFileNameWithoutExtension(snapshot.Path)}-backup-api");
        try
        {
            await Task.Run(() =>
            {
                using var from = SqliteFile.OpenReadOnly(snapshot.Path);
                SnapshotCopy.Backup(from, partial);
            }, cancellationToken);
            if (await FileSha256.ComputeAsync(partial, cancellationToken) != recordedSha256)
            {
                return false;
            }

            Log.RecognisedEarlierHash(logger, recordedSha256, snapshot.Sha256);
            return true;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// An earlier snapshot of exactly the source's bytes, found by hashing the source in place under SQLite's SHARED
    /// lock (as <see cref="LockedByteCopy"/> reads it) when a snapshot of its length exists; null otherwise, and for a
    /// source in WAL mode, whose snapshot is the backup API's copy and has to be made to be compared.
    /// </summary>
    private static (string Path, string Sha256)? FindUnchangedSnapshot(string source, string backupFolder, TimeSpan lockWait)
    {
        var length = new FileInfo(source).Length;
        var sameLength = SnapshotFolder.Snapshots(backupFolder).Where(s => new FileInfo(s.Path).Length == length).ToList();
        if (sameLength.Count == 0 || File.Exists(SqliteFile.SidecarPath(source, "-wal")))
        {
            return null;
        }

        var sha256 = SnapshotCopy.ReadLocked(source, lockWait, LockedByteCopy.TryHash);
        return sha256 is null ? null : sameLength.FirstOrDefault(s => s.Sha256 == sha256) is { Path: not null } match ? match : null;
    }

    private static void Flush(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        RandomAccess.FlushToDisk(handle);
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Snapshot taken: {SnapshotPath} (sha256 {Sha256})")]
        public static partial void SnapshotTaken(ILogger logger, string snapshotPath, string sha256);

        [LoggerMessage(1002, LogLevel.Information, "The source is unchanged since snapshot {SnapshotPath} (sha256 {Sha256}); reusing it")]
        public static partial void SnapshotReused(ILogger logger, string snapshotPath, string sha256);

        [LoggerMessage(1003, LogLevel.Information, "Removed {PartialPath} ({Bytes} bytes), the unfinished snapshot of an interrupted run")]
        public static partial void AbandonedPartialRemoved(ILogger logger, string partialPath, long bytes);

        [LoggerMessage(1004, LogLevel.Information, "The target's rows were loaded by an earlier migrator, which recorded the snapshot as the backup API's copy (sha256 {RecordedSha256}); it is the same content as this snapshot (sha256 {Sha256})")]
        public static partial void RecognisedEarlierHash(ILogger logger, string recordedSha256, string sha256);
    }
}
