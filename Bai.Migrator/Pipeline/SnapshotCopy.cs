namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;

/// <summary>
/// How the snapshot reads the source: inside one read-only connection whose read lock keeps writers out, waiting up to
/// --source-lock-wait for one that holds it, with one sentence for each way SQLite refuses; and the copy it makes there,
/// byte for byte (<see cref="LockedByteCopy"/>) or through the online backup API.
/// </summary>
internal static class SnapshotCopy
{
    /// <summary>Reads the source inside a read-only connection, with one sentence for each way SQLite can refuse.</summary>
    public static T ReadLocked<T>(string source, TimeSpan lockWait, Func<SqliteConnection, T> read)
    {
        try
        {
            return SqliteFile.AskingAgainOnHotJournal(() =>
            {
                using var from = SqliteFile.OpenReadOnly(source, lockWait);
                return read(from);
            });
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY / SQLITE_LOCKED: a writer held the file for longer than we waited.
            throw new BaiEnvironmentException(
                $"The SQLite source '{source}' is locked by a writer that did not finish within {lockWait.TotalSeconds:0.#} s; stop the application writing to it, retry when it is idle, or wait longer with --source-lock-wait SECONDS.", e);
        }
        catch (SqliteException e) when (SqliteRefusal.Message(e, source) is { } sentence)
        {
            throw new BaiEnvironmentException(sentence, e);
        }
    }

    /// <summary>The source's bytes under its read lock, or the backup API's copy of it in WAL mode.</summary>
    public static void Copy(string source, string destination, TimeSpan lockWait) =>
        ReadLocked(source, lockWait, from =>
        {
            if (!LockedByteCopy.TryCopy(from, destination))
            {
                Backup(from, destination);
            }

            return true;
        });

    /// <summary>SQLite's online backup API's copy of <paramref name="from"/>, into a new owner-only file.</summary>
    public static void Backup(SqliteConnection from, string destination)
    {
        // Created owner-only before SQLite opens it (an empty file is an empty database): SQLite would create it 0644.
        OwnerOnlyFile.Open(destination, FileMode.Create, FileAccess.Write, FileShare.ReadWrite).Dispose();
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ConnectionString);
        to.Open();
        // A partial copy is never used (a killed run's is removed by the next), so the copy keeps no journal and does
        // not wait for the disk; SnapshotPhase.TakeAsync flushes it once, next to hashing it.
        using (var pragmas = to.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;";
            pragmas.ExecuteNonQuery();
        }

        from.BackupDatabase(to);
    }
}
