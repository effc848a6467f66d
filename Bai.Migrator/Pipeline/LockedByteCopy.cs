namespace Bai.Migrator.Pipeline;

using System.Security.Cryptography;
using Bai.Core;
using Microsoft.Data.Sqlite;

/// <summary>
/// The snapshot of a source in rollback-journal mode, byte for byte. While a read transaction holds SQLite's SHARED
/// lock, no writer can change the database file: writing it needs the EXCLUSIVE lock, which waits for every reader.
/// So the file's bytes are then one committed state, and copying them is what the backup API does page by page, at a
/// fraction of its cost (on the 6.3M-row bench file, 0.2 s against 1.5 s). The snapshot's SHA-256 is then the source
/// file's own, which <c>sha256sum</c> of an idle source confirms.
/// A source in WAL mode keeps committed pages in its <c>-wal</c> file, which this copy would miss: the caller uses the
/// backup API for it.
/// </summary>
internal static class LockedByteCopy
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Header bytes 18 and 19: the file format's write and read versions, 1 for a rollback journal, 2 for WAL.
    /// https://www.sqlite.org/fileformat2.html#the_database_header</summary>
    private const int FormatVersionOffset = 18;

    /// <returns>False when the source is in WAL mode (or on Windows) and nothing was copied.</returns>
    public static bool TryCopy(SqliteConnection source, string destination)
    {
        FileStream? output = null;
        try
        {
            return TryRead(source, (chunk, length) =>
            {
                output ??= OwnerOnlyFile.Open(destination, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
                output.Write(chunk, 0, length);
            });
        }
        finally
        {
            output?.Dispose();
        }
    }

    /// <summary>The SHA-256 of the bytes <see cref="TryCopy"/> would copy, read under the same lock; null in WAL mode (or on Windows).</summary>
    public static string? TryHash(SqliteConnection source)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return TryRead(source, (chunk, length) => sha256.AppendData(chunk, 0, length))
            ? Convert.ToHexStringLower(sha256.GetHashAndReset())
            : null;
    }

    private static bool TryRead(SqliteConnection source, Action<byte[], int> consume)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows locks are mandatory: a writer's lock on the file's lock-byte page (past 1 GiB) makes reading it fail.
            return false;
        }

        using var transaction = source.BeginTransaction(deferred: true);
        using (var command = source.CreateCommand())
        {
            // The first read takes the SHARED lock; a writer holding the file, or a hot journal, answers here.
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM sqlite_schema";
            command.ExecuteScalar();
        }

        // fcntl locks belong to the process, not to the descriptor: closing this one drops SQLite's SHARED lock as well.
        // It is closed only after its last byte is read, and nothing reads the file through SQLite in between.
        using var input = new FileStream(source.DataSource, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
        var buffer = new byte[ChunkBytes];
        var read = input.ReadAtLeast(buffer, FormatVersionOffset + 2, throwOnEndOfStream: false);
        if (read < FormatVersionOffset + 2 || buffer[FormatVersionOffset] > 1 || buffer[FormatVersionOffset + 1] > 1)
        {
            return false;
        }

        while (read > 0)
        {
            consume(buffer, read);
            read = input.Read(buffer);
        }

        return true;
    }
}
