namespace Bai.Migrator.Pipeline;

using System.Security.Cryptography;
using Bai.Core;
using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

/// <summary>
/// Step 1 of the guide, "Backup your SQLite database": SQLite's online backup API copies the source inside one
/// read transaction, so a writer working on the live file cannot tear the copy. The source is opened read-only
/// and never written; everything after this step reads the snapshot only.
/// </summary>
internal sealed partial class SnapshotPhase(ILogger<SnapshotPhase> logger)
{
    private static readonly TimeSpan LockedSourceWait = TimeSpan.FromSeconds(15);

    public async Task<Snapshot> TakeAsync(string sourcePath, string backupFolder, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(sourcePath);
        SqliteFile.EnsureReadable(source);
        Directory.CreateDirectory(backupFolder);

        var name = $"{Path.GetFileNameWithoutExtension(source)}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}";
        var partial = Path.Combine(backupFolder, name + ".db.partial");
        File.Delete(partial);
        try
        {
            await Task.Run(() => Backup(source, partial), cancellationToken);
            await PausePoints.ReachAsync(PausePoints.Snapshot, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            var sha256 = await HashAsync(partial, cancellationToken);

            // A rerun of an unchanged source keeps one copy: the earlier snapshot of the same content is the same rollback point.
            var existing = FindSnapshot(backupFolder, sha256);
            if (existing is not null)
            {
                File.Delete(partial);
                Log.SnapshotReused(logger, existing, sha256);
                return new Snapshot(source, existing, sha256, new FileInfo(existing).Length, Reused: true);
            }

            var final = Path.Combine(backupFolder, name + ".db");
            File.Move(partial, final);
            await File.WriteAllTextAsync(final + ".sha256", $"{sha256}  {Path.GetFileName(final)}\n", cancellationToken);
            // The snapshot holds every customer's data and is the rollback point: owner-only, and read-only so nothing edits it by mistake.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(final, UnixFileMode.UserRead);
            }
            Log.SnapshotTaken(logger, final, sha256);
            return new Snapshot(source, final, sha256, new FileInfo(final).Length, Reused: false);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static void Backup(string source, string destination)
    {
        using var from = SqliteFile.OpenReadOnly(source, LockedSourceWait);
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ConnectionString);
        to.Open();
        try
        {
            from.BackupDatabase(to);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY / SQLITE_LOCKED: a writer held the file for longer than we waited.
            throw new BaiEnvironmentException(
                $"The SQLite source '{source}' is locked by a writer that did not finish within {LockedSourceWait.TotalSeconds:0} s; stop the application writing to it, or retry when it is idle.", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            // SQLITE_NOTADB / SQLITE_CORRUPT
            throw new BaiEnvironmentException($"The SQLite source '{source}' is not a readable SQLite database ({e.Message.TrimEnd('.')}); check the file.", e);
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    private static string? FindSnapshot(string backupFolder, string sha256)
    {
        foreach (var sidecar in Directory.EnumerateFiles(backupFolder, "*.db.sha256"))
        {
            var recorded = File.ReadAllText(sidecar).Split(' ', 2)[0];
            var snapshot = sidecar[..^".sha256".Length];
            if (recorded == sha256 && File.Exists(snapshot))
            {
                return snapshot;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Snapshot taken: {SnapshotPath} (sha256 {Sha256})")]
        public static partial void SnapshotTaken(ILogger logger, string snapshotPath, string sha256);

        [LoggerMessage(1002, LogLevel.Information, "The source is unchanged since snapshot {SnapshotPath} (sha256 {Sha256}); reusing it")]
        public static partial void SnapshotReused(ILogger logger, string snapshotPath, string sha256);
    }
}
