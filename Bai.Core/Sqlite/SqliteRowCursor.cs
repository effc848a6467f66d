using Bai.Core.Values;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bai.Core.Sqlite;

/// <summary>
/// One query's rows from a SQLite file, on a read-only connection of its own opened without mutexes
/// (<c>SQLITE_OPEN_NOMUTEX</c>): for reading a file nothing else writes, from one thread at a time, as the copy's
/// readers do. e_sqlite3 is built serialized, so on a connection from Microsoft.Data.Sqlite every step and column
/// call locks and unlocks the connection's mutex, and every call through SQLitePCLRaw adds and releases a reference
/// to its SafeHandle: together about a sixth of a copy reader's CPU on the 6.3M-row bench (issue 7). Here the
/// statement's handle is held for the cursor's life and every call takes its raw pointer.
/// </summary>
public sealed class SqliteRowCursor : IDisposable
{
    private readonly sqlite3 connection;
    private readonly sqlite3_stmt statement;
    private readonly nint pointer;
    private bool added;
    private bool done;

    private SqliteRowCursor(sqlite3 connection, sqlite3_stmt statement)
    {
        this.connection = connection;
        this.statement = statement;
        statement.DangerousAddRef(ref added);
        pointer = statement.DangerousGetHandle();
    }

    /// <summary>Opens <paramref name="path"/> read-only and prepares <paramref name="sql"/>; the caller checked the
    /// file is a UTF-8 database (<see cref="SqliteFile.OpenForRows"/>), as <see cref="SqliteRowReader"/> needs. A writer
    /// holding the file locked makes the first step wait up to <paramref name="busyTimeout"/>, as
    /// <see cref="SqliteFile.OpenReadOnly"/>'s connections do.</summary>
    public static SqliteRowCursor Open(string path, string sql, TimeSpan? busyTimeout = null)
    {
        var rc = raw.sqlite3_open_v2(path, out var connection, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            SqliteException.ThrowExceptionForRC(rc, connection);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_busy_timeout(connection, (int)(busyTimeout ?? SqliteFile.DefaultBusyTimeout).TotalMilliseconds), connection);
            ApplicationCollations.StandIn(connection);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(connection, sql, out var statement), connection);
            return new SqliteRowCursor(connection, statement);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Steps to the next row; false past the last, and from then on (SQLite would start the query over).
    /// SQLite's error as a <see cref="SqliteException"/>.</summary>
    public bool Read()
    {
        if (done)
        {
            return false;
        }

        var rc = SqliteNative.sqlite3_step(pointer);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        done = true;
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        SqliteException.ThrowExceptionForRC(rc, connection);
        return false;
    }

    public long GetInt64(int ordinal) => SqliteNative.sqlite3_column_int64(pointer, ordinal);

    /// <summary>The current row's columns from <paramref name="firstOrdinal"/> on, as SQLite stored them.</summary>
    public void ReadRow(Span<RawValue> destination, int firstOrdinal) => SqliteRowReader.ReadColumns(pointer, destination, firstOrdinal);

    public void Dispose()
    {
        if (added)
        {
            statement.DangerousRelease();
            added = false;
        }

        statement.Dispose();
        connection.Dispose();
    }
}
