using System.Runtime.InteropServices;

namespace Bai.Core.Sqlite;

/// <summary>
/// The few column getters of the SQLite library that SQLitePCLRaw's e_sqlite3 provider loads (the same
/// <c>e_sqlite3</c>, resolved from the package's <c>runtimes/*/native</c> folder), called with the statement's raw
/// pointer. SQLitePCLRaw passes its <c>sqlite3_stmt</c> SafeHandle on every call, and the add-ref/release around each
/// one was a tenth of the copy's reading time; <see cref="Values.SqliteRowReader"/> pins the handle once per row instead.
/// See https://www.sqlite.org/c3ref/column_blob.html.
/// </summary>
internal static partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>https://www.sqlite.org/c3ref/step.html</summary>
    [LibraryImport(Library)]
    public static partial int sqlite3_step(nint statement);

    [LibraryImport(Library)]
    public static partial int sqlite3_column_type(nint statement, int column);

    [LibraryImport(Library)]
    public static partial long sqlite3_column_int64(nint statement, int column);

    [LibraryImport(Library)]
    public static partial double sqlite3_column_double(nint statement, int column);

    /// <summary>The stored bytes of a BLOB, or of a TEXT without conversion; null for an empty value. Call before
    /// <see cref="sqlite3_column_bytes"/>, as SQLite's manual asks.</summary>
    [LibraryImport(Library)]
    public static partial nint sqlite3_column_blob(nint statement, int column);

    [LibraryImport(Library)]
    public static partial int sqlite3_column_bytes(nint statement, int column);

    [LibraryImport(Library)]
    public static partial int sqlite3_libversion_number();

    /// <summary>The connection a statement belongs to. https://www.sqlite.org/c3ref/db_handle.html</summary>
    [LibraryImport(Library)]
    public static partial nint sqlite3_db_handle(nint statement);

    /// <summary>The connection's own (recursive) mutex; null when SQLite runs without mutexes.
    /// https://www.sqlite.org/c3ref/db_mutex.html</summary>
    [LibraryImport(Library)]
    public static partial nint sqlite3_db_mutex(nint connection);

    /// <summary>No-ops for a null mutex. https://www.sqlite.org/c3ref/mutex_alloc.html</summary>
    [LibraryImport(Library)]
    public static partial void sqlite3_mutex_enter(nint mutex);

    [LibraryImport(Library)]
    public static partial void sqlite3_mutex_leave(nint mutex);
}
