namespace Bai.Migrator.Pipeline;

using Bai.Core.Sqlite;

/// <summary>
/// The live source file as the run found it, before its snapshot: size and last write of the file and of its
/// <c>-wal</c>. An application still writing to it (a WAL-mode file stays writable during the backup) adds rows the
/// target will not have; the run says so at its end rather than leave a cutover team to find out later. The <c>-wal</c>
/// is the one SQLite writes, beside the file a symbolic link leads to (<see cref="SqliteFile.SidecarPath"/>).
/// </summary>
internal sealed record SourceFingerprint(long Length, DateTime Written, long WalLength, DateTime WalWritten)
{
    public static SourceFingerprint Of(string path)
    {
        var file = new FileInfo(path);
        var wal = new FileInfo(SqliteFile.SidecarPath(path, "-wal"));
        return new SourceFingerprint(
            file.Exists ? file.Length : -1, file.Exists ? file.LastWriteTimeUtc : default,
            wal.Exists ? wal.Length : -1, wal.Exists ? wal.LastWriteTimeUtc : default);
    }
}
