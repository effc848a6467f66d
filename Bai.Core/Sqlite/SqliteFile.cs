namespace Bai.Core.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>
/// Opens legacy files strictly read-only and tells SQLite's refusals apart. A path is checked before, by
/// <see cref="SqliteFileCheck"/>; what the user reads about a refusal is <see cref="SqliteRefusal"/>'s.
/// </summary>
public static class SqliteFile
{
    /// <summary>How long a read waits for a writer holding the file locked, unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>SQLite's answer for a file whose pages are not a database (<c>SQLITE_CORRUPT</c>, <c>SQLITE_NOTADB</c>).</summary>
    public static bool IsDamaged(SqliteException exception) =>
        exception.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB;

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
        catch (SqliteException e) when (SqliteRefusal.Message(e, path, shownAs) is { } sentence)
        {
            throw new BaiEnvironmentException(sentence, e);
        }
    }

    private static SqliteConnection OpenUtf8(string path, string? shownAs)
    {
        var connection = OpenReadOnly(path);
        try
        {
            // Microsoft.Data.Sqlite completes its async calls synchronously, so waiting here blocks nothing.
            if (!Values.SqliteRowReader.IsUtf8DatabaseAsync(connection, CancellationToken.None).GetAwaiter().GetResult())
            {
                // sqlite3's .dump writes each text as a literal, which ends at the text's first NUL (checked with
                // 3.40.1: 'ab' || char(0) || 'cd' comes out 'ab'), so the advice names that before anyone follows it.
                throw new BaiEnvironmentException(
                    $"The SQLite database '{Path.GetFullPath(shownAs ?? path)}' stores text as UTF-16, not UTF-8; convert a copy of it first " +
                    "(sqlite3 old.db .dump | sqlite3 new.db) once no text in it holds a NUL character: .dump cuts a text at its first NUL " +
                    "without a word, where the migrator would reject the row.");
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
