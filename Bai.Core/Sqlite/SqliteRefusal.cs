namespace Bai.Core.Sqlite;

using System.Globalization;
using Microsoft.Data.Sqlite;

/// <summary>
/// What the user reads when SQLite refuses the first read of a source (<see cref="SqliteFile.HasHotJournal"/>, a WAL
/// index it cannot open, <see cref="SqliteFile.IsDamaged"/>): which refusal it is, in words, and what to do about it. Each
/// sentence looks at the file again (its header, its sidecars and their times), which opening it does not need.
/// </summary>
public static class SqliteRefusal
{
    /// <summary>
    /// The sentence for each way SQLite refuses the first read of a source, or null for another error: an unfinished
    /// write (a hot journal), a WAL index this user cannot open, and a file it cannot read at all (its first page or its
    /// schema unreadable, as in a file cut short). <paramref name="shownAs"/> is the file the sentence names for the
    /// last, when <paramref name="path"/> is a snapshot of it.
    /// </summary>
    public static string? Message(SqliteException exception, string path, string? shownAs = null) =>
        SqliteFile.HasHotJournal(exception) ? HotJournalMessage(Path.GetFullPath(path))
        : CannotOpenWalIndex(exception, path) ? WalIndexMessage(Path.GetFullPath(path))
        : SqliteFile.IsDamaged(exception) ? UnreadableMessage(shownAs ?? path, exception)
        : null;

    /// <summary>
    /// The sentence for a file SQLite refuses to read at all (<see cref="SqliteFile.IsDamaged"/> on its first read). A file shorter
    /// than its header says (an interrupted copy, a disk that filled while it was written) is said as such, with what to do.
    /// </summary>
    private static string UnreadableMessage(string path, SqliteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var full = Path.GetFullPath(path);
        return SqliteHeader.ExpectedLength(full) is { } expected && new FileInfo(full).Length is var length && length < expected.Bytes
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"The SQLite source '{full}' is cut short: it has {length:N0} bytes, and its header says {expected.Bytes:N0} ({expected.Pages:N0} pages of {expected.PageSize:N0} bytes), as an interrupted copy leaves a file, so SQLite cannot read it ({exception.Message.TrimEnd('.')}); copy it again, whole, from where it came from (with its '-wal', if it has one).")
            : $"The SQLite source '{full}' is not a readable SQLite database ({exception.Message.TrimEnd('.')}); check the file.";
    }

    /// <summary>
    /// What the user does about a hot journal; the tools never do it themselves, as it writes the source. SQLite cannot
    /// tell a journal of this file from one a previous file left: a database restored from a backup beside a stale
    /// journal has that journal's pages rolled into it by the read-write open the usual advice asks for. A crash leaves
    /// the journal and the file written moments apart, so both times are named, and what to do when they are not.
    /// </summary>
    private static string HotJournalMessage(string path)
    {
        var journal = SqliteFile.SidecarPath(path, "-journal");
        return $"The SQLite source '{path}' has an unfinished write ('{journal}' is the hot journal of a transaction its application never completed), which a read-only reader cannot roll back; " +
            $"open the file once read-write (the application, or sqlite3 '{path}' 'PRAGMA quick_check') so SQLite rolls it back, then retry; " +
            $"the journal was last written {LastWritten(journal)} and the file {LastWritten(SqliteFile.SidecarPath(path, ""))}: a crash leaves them moments apart, so if the journal is clearly older than the file's last write (a file restored from a backup beside an old journal), move the journal away instead of opening the file read-write, which would roll another file's pages into this one.";
    }

    private static string LastWritten(string path) =>
        File.Exists(path) ? File.GetLastWriteTimeUtc(path).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "(gone since)";

    /// <summary>
    /// SQLite's answer when it cannot read a WAL-mode file: a reader needs the file's shared-memory index (<c>-shm</c>)
    /// beside it, and creates it when it is missing, which a user who may not write the folder cannot do.
    /// </summary>
    private static bool CannotOpenWalIndex(SqliteException exception, string path) =>
        exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && SqliteHeader.IsWalMode(path);

    /// <summary>What the user does about a WAL index the tools cannot open; they never write beside the source themselves.</summary>
    private static string WalIndexMessage(string path) =>
        $"The SQLite source '{path}' is in WAL mode, and SQLite reads such a file only through its shared-memory index '{SqliteFile.SidecarPath(path, "-shm")}', which this user cannot open or create (creating it needs write access to the folder '{Path.GetDirectoryName(SqliteFile.SidecarPath(path, "-shm"))}'); run as a user who may write that folder, or stop the application and copy the file, with its '-wal' if there is one, to a folder this user may write, and migrate the copy.";
}
