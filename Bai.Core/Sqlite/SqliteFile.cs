namespace Bai.Core.Sqlite;

using System.Globalization;
using Microsoft.Data.Sqlite;

/// <summary>Opens legacy files strictly read-only, after checking they are what they claim to be.</summary>
public static class SqliteFile
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Fails with one sentence when the path is missing, empty or not a SQLite database, before SQLite itself
    /// answers with a less helpful "file is not a database" deep inside a read.
    /// </summary>
    /// <param name="path">The source's path.</param>
    /// <param name="namedWith">How the user names the source (the verifier reads no <c>ConnectionStrings:bai-sqlite</c>).</param>
    public static void EnsureReadable(string path, string namedWith = "--sqlite PATH or ConnectionStrings:bai-sqlite")
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new BaiEnvironmentException($"The SQLite source '{full}' is a folder; give the path of the BAI database file (--sqlite PATH).");
        }

        if (!File.Exists(full))
        {
            throw new BaiEnvironmentException(UnreachableMessage(full, "The SQLite source")
                ?? $"The SQLite source '{full}' does not exist; give the path of the BAI database file with {namedWith}.");
        }

        if (new FileInfo(full).Length == 0)
        {
            // Before it is opened: a FIFO has no length either, and opening it waits for a writer, so the tools hung
            // without a word. SQLite reads a database only from a file.
            throw new BaiEnvironmentException(EmptyMessage(full));
        }

        var header = new byte[Header.Length];
        int read;
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BaiEnvironmentException($"The SQLite source '{full}' cannot be read by this user; grant read access to it.", e);
        }

        if (read == 0)
        {
            throw new BaiEnvironmentException(EmptyMessage(full));
        }

        if (read < Header.Length || !header.AsSpan().SequenceEqual(Header))
        {
            throw new BaiEnvironmentException($"The file '{full}' is not a SQLite database (its header is not 'SQLite format 3'); check the path.");
        }
    }

    private static string EmptyMessage(string full) =>
        $"The SQLite source '{full}' is empty (0 bytes), or is a FIFO rather than a file; it is not a BAI database, check the path.";

    /// <summary>
    /// The sentence for a path that seems not to exist only because this user may not enter a folder on the way (as
    /// .NET answers "does not exist" then): a source under another user's home, or the snapshot another user's run
    /// recorded in its owner-only state folder. Null when the folders on the way can be entered.
    /// </summary>
    /// <param name="what">The path's part in the run ("The SQLite source").</param>
    public static string? UnreachableMessage(string path, string what)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        while (folder is not null && !Directory.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }

        if (folder is null)
        {
            return null;
        }

        try
        {
            // Listing it answers for the folder as a whole: where the listing is allowed, what is missing is missing.
            using var entries = Directory.EnumerateFileSystemEntries(folder).GetEnumerator();
            entries.MoveNext();
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"{what} '{full}' cannot be reached by this user: it may not enter the folder '{folder}'; run as a user who may (the one who ran the migration, for its snapshot), or grant access to that folder.";
        }
    }

    /// <summary>How long a read waits for a writer holding the file locked, unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>SQLite's answer for a file whose pages are not a database (<c>SQLITE_CORRUPT</c>, <c>SQLITE_NOTADB</c>).</summary>
    public static bool IsDamaged(SqliteException exception) =>
        exception.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB;

    /// <summary>
    /// The sentence for a file SQLite refuses to read at all (<see cref="IsDamaged"/> on its first read). A file shorter
    /// than its header says (an interrupted copy, a disk that filled while it was written) is said as such, with what to do.
    /// </summary>
    private static string UnreadableMessage(string path, SqliteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var full = Path.GetFullPath(path);
        return ExpectedLength(full) is { } expected && new FileInfo(full).Length is var length && length < expected.Bytes
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"The SQLite source '{full}' is cut short: it has {length:N0} bytes, and its header says {expected.Bytes:N0} ({expected.Pages:N0} pages of {expected.PageSize:N0} bytes), as an interrupted copy leaves a file, so SQLite cannot read it ({exception.Message.TrimEnd('.')}); copy it again, whole, from where it came from (with its '-wal', if it has one).")
            : $"The SQLite source '{full}' is not a readable SQLite database ({exception.Message.TrimEnd('.')}); check the file.";
    }

    /// <summary>
    /// The length the header gives the file: its page size (offset 16, 1 meaning 65,536) times its page count (offset 28),
    /// which is valid only when the version-valid-for number (offset 92) equals the change counter (offset 24).
    /// https://www.sqlite.org/fileformat2.html#in_header_database_size
    /// </summary>
    private static (long Bytes, long Pages, int PageSize)? ExpectedLength(string path)
    {
        if (ReadHeader(path, 100) is not { } header)
        {
            return null;
        }

        var pageSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16)) is var size && size == 1 ? 65536 : size;
        var pages = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        var valid = header.AsSpan(24, 4).SequenceEqual(header.AsSpan(92, 4));
        return valid && pages > 0 && pageSize >= 512 ? ((long)pages * pageSize, pages, pageSize) : null;
    }

    /// <summary>
    /// SQLite's answer when a read-only connection meets a hot journal (<c>SQLITE_READONLY_ROLLBACK</c>): an application
    /// stopped in the middle of a write, and only a read-write connection may roll the file back to its last commit.
    /// </summary>
    public static bool HasHotJournal(SqliteException exception) =>
        exception.SqliteExtendedErrorCode == SQLitePCL.raw.SQLITE_READONLY_ROLLBACK;

    /// <summary>
    /// How often a first read of a live source asks again when SQLite answers "hot journal", and how long it waits
    /// between: a real hot journal stays until a read-write connection rolls it back, so it answers every time; the
    /// passing one of a live writer (below) is gone within milliseconds.
    /// </summary>
    private const int HotJournalAsks = 5;

    private static readonly TimeSpan HotJournalPause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs <paramref name="read"/>, the first read of a source another process may be writing, and runs it again when
    /// SQLite's answer is "hot journal" (<see cref="HasHotJournal"/>), until that answer has held
    /// <see cref="HotJournalAsks"/> times. SQLite decides a journal is hot when it exists and no process holds the
    /// RESERVED lock; a writer that rolls a transaction back (as one whose commit met our read lock does) deletes its
    /// journal under RESERVED alone, and one that begins its next transaction creates a new journal: a reader whose
    /// check falls between the two sees a journal with no writer behind it. The migrator's run on a source written to
    /// every few milliseconds was refused that way (exit 3) on a busy CI machine.
    /// <paramref name="read"/> must open its own connection: each try starts from nothing.
    /// </summary>
    public static T AskingAgainOnHotJournal<T>(Func<T> read)
    {
        for (var ask = 1; ; ask++)
        {
            try
            {
                return read();
            }
            catch (SqliteException e) when (HasHotJournal(e) && ask < HotJournalAsks)
            {
                PausePoints.Reach(PausePoints.HotJournalSeen);
                Thread.Sleep(HotJournalPause);
            }
        }
    }

    /// <summary>
    /// Where SQLite keeps a file's <c>-journal</c>, <c>-wal</c> or <c>-shm</c>: beside the file a symbolic link leads to,
    /// not beside the link (SQLite's unix VFS resolves the link before it names them). A source given through a link
    /// (<c>/srv/bai/bai.db</c> to a release's folder) has its <c>-wal</c> there, and a look beside the link found none.
    /// </summary>
    /// <param name="suffix">"-journal", "-wal" or "-shm".</param>
    public static string SidecarPath(string path, string suffix)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return (new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full) + suffix;
        }
        catch (IOException)
        {
            return full + suffix; // A loop of links, or one SQLite cannot open either: beside the path as given.
        }
    }

    /// <summary>
    /// What the user does about a hot journal; the tools never do it themselves, as it writes the source. SQLite cannot
    /// tell a journal of this file from one a previous file left: a database restored from a backup beside a stale
    /// journal has that journal's pages rolled into it by the read-write open the usual advice asks for. A crash leaves
    /// the journal and the file written moments apart, so both times are named, and what to do when they are not.
    /// </summary>
    private static string HotJournalMessage(string path)
    {
        var journal = SidecarPath(path, "-journal");
        return $"The SQLite source '{path}' has an unfinished write ('{journal}' is the hot journal of a transaction its application never completed), which a read-only reader cannot roll back; " +
            $"open the file once read-write (the application, or sqlite3 '{path}' 'PRAGMA quick_check') so SQLite rolls it back, then retry; " +
            $"the journal was last written {LastWritten(journal)} and the file {LastWritten(SidecarPath(path, ""))}: a crash leaves them moments apart, so if the journal is clearly older than the file's last write (a file restored from a backup beside an old journal), move the journal away instead of opening the file read-write, which would roll another file's pages into this one.";
    }

    private static string LastWritten(string path) =>
        File.Exists(path) ? File.GetLastWriteTimeUtc(path).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "(gone since)";

    /// <summary>
    /// SQLite's answer when it cannot read a WAL-mode file: a reader needs the file's shared-memory index (<c>-shm</c>)
    /// beside it, and creates it when it is missing, which a user who may not write the folder cannot do.
    /// </summary>
    private static bool CannotOpenWalIndex(SqliteException exception, string path) =>
        exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && IsWalMode(path);

    /// <summary>What the user does about a WAL index the tools cannot open; they never write beside the source themselves.</summary>
    private static string WalIndexMessage(string path) =>
        $"The SQLite source '{path}' is in WAL mode, and SQLite reads such a file only through its shared-memory index '{SidecarPath(path, "-shm")}', which this user cannot open or create (creating it needs write access to the folder '{Path.GetDirectoryName(SidecarPath(path, "-shm"))}'); run as a user who may write that folder, or stop the application and copy the file, with its '-wal' if there is one, to a folder this user may write, and migrate the copy.";

    /// <summary>A WAL-mode file says so in its header: the file format's write and read versions (bytes 18 and 19) are 2.</summary>
    private static bool IsWalMode(string path) => ReadHeader(path, 20) is { } header && header[18] == 2 && header[19] == 2;

    /// <summary>The file's first <paramref name="length"/> bytes; null when it is shorter, or cannot be opened or read.</summary>
    private static byte[]? ReadHeader(string path, int length)
    {
        var header = new byte[length];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return stream.ReadAtLeast(header, length, throwOnEndOfStream: false) == length ? header : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// A read-only connection: SQLite never writes to a file opened this way, so the source stays byte-identical.
    /// A writer holding a lock makes reads wait up to <paramref name="busyTimeout"/> before failing.
    /// </summary>
    public static SqliteConnection OpenReadOnly(string path, TimeSpan? busyTimeout = null)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)(busyTimeout ?? DefaultBusyTimeout).TotalSeconds,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        // DefaultTimeout only makes Microsoft.Data.Sqlite's commands retry; the online backup API (the snapshot) and
        // any other direct use of the handle answer SQLITE_BUSY at once unless SQLite's own busy handler waits too.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA busy_timeout = {(long)(busyTimeout ?? DefaultBusyTimeout).TotalMilliseconds}";
            command.ExecuteNonQuery();
        }

        return connection;
    }

    /// <summary>
    /// A read-only connection for reading rows: <see cref="Values.SqliteRowReader"/> takes TEXT as its stored bytes,
    /// which in a UTF-16 database would be misread, so such a file is refused here, once for every reader.
    /// <paramref name="shownAs"/> is the file the refusal names, when <paramref name="path"/> is a snapshot of it.
    /// </summary>
    public static SqliteConnection OpenForRows(string path, string? shownAs = null)
    {
        try
        {
            return AskingAgainOnHotJournal(() => OpenUtf8(path, shownAs));
        }
        catch (SqliteException e) when (RefusalMessage(e, path, shownAs) is { } sentence)
        {
            throw new BaiEnvironmentException(sentence, e);
        }
    }

    /// <summary>
    /// The sentence for each way SQLite refuses the first read of a source, or null for another error: an unfinished
    /// write (a hot journal), a WAL index this user cannot open, and a file it cannot read at all (its first page or its
    /// schema unreadable, as in a file cut short). <paramref name="shownAs"/> is the file the sentence names for the
    /// last, when <paramref name="path"/> is a snapshot of it.
    /// </summary>
    public static string? RefusalMessage(SqliteException exception, string path, string? shownAs = null) =>
        HasHotJournal(exception) ? HotJournalMessage(Path.GetFullPath(path))
        : CannotOpenWalIndex(exception, path) ? WalIndexMessage(Path.GetFullPath(path))
        : IsDamaged(exception) ? UnreadableMessage(shownAs ?? path, exception)
        : null;

    private static SqliteConnection OpenUtf8(string path, string? shownAs)
    {
        var connection = OpenReadOnly(path);
        try
        {
            // Microsoft.Data.Sqlite completes its async calls synchronously, so waiting here blocks nothing.
            if (!Values.SqliteRowReader.IsUtf8DatabaseAsync(connection, CancellationToken.None).GetAwaiter().GetResult())
            {
                throw new BaiEnvironmentException(
                    $"The SQLite database '{Path.GetFullPath(shownAs ?? path)}' stores text as UTF-16, not UTF-8; convert it first (sqlite3 old.db .dump | sqlite3 new.db).");
            }

            ApplicationCollations.StandIn(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The path behind a <c>ConnectionStrings:bai-sqlite</c> value: <c>Data Source=PATH</c> (what the AppHost passes), or
    /// the path alone, which a user naturally writes there and which made the connection string parser throw (exit 1).
    /// A path with '=' in it (a folder 'run=1', as partitioned exports name them) is a path when it names a file, and the
    /// application's SQLAlchemy URL (<c>sqlite:////srv/bai/bai.db</c>) is the path it names (<see cref="SqlAlchemyUrl"/>).
    /// </summary>
    public static string PathFromConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        connectionString = SqlAlchemyUrl.PathOrSetting(connectionString, "ConnectionStrings:bai-sqlite");
        if (!connectionString.Contains('=', StringComparison.Ordinal) || File.Exists(connectionString.Trim()))
        {
            return connectionString.Trim();
        }

        try
        {
            return new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException e)
        {
            throw new BaiEnvironmentException(
                $"ConnectionStrings:bai-sqlite is neither 'Data Source=PATH' nor a file path ({e.Message.TrimEnd('.')}); set it to one of those.", e);
        }
    }
}
