using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bai.Core.Values;

/// <summary>
/// Reads values from a <see cref="SqliteDataReader"/> as SQLite stored them, one native call per value for
/// the storage class. Microsoft.Data.Sqlite's own getters are not enough: <c>GetString</c> decodes invalid
/// UTF-8 into U+FFFD without a word, and <c>GetFieldType</c> of a NULL reports the column's declared type.
/// So the storage class comes from <c>sqlite3_column_type</c> and TEXT from <c>sqlite3_column_blob</c>, which
/// hands over the stored bytes without conversion (read in place, validated, decoded once).
/// </summary>
/// <remarks>
/// Assumes a UTF-8 database (SQLite's default and what Python's sqlite3 creates); in a UTF-16 database
/// <c>sqlite3_column_blob</c> of a TEXT returns UTF-16 bytes. Check <c>PRAGMA encoding</c> with
/// <see cref="IsUtf8DatabaseAsync"/> before reading.
/// </remarks>
public static class SqliteRowReader
{
    /// <summary>The value of column <paramref name="ordinal"/> of the current row.</summary>
    public static RawValue Read(SqliteDataReader reader, int ordinal)
    {
        var value = default(RawValue);
        ReadRow(reader, new Span<RawValue>(ref value), ordinal);
        return value;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the columns of the current row from <paramref name="firstOrdinal"/> on.
    /// The statement's handle is held once for the row, and each value read through its raw pointer. The connection's
    /// mutex is held for the row too: e_sqlite3 is built serialized, so every column call locks it, and as the lock is
    /// recursive, the calls inside take it again without an atomic operation (a tenth of the copy's reading thread
    /// went to uncontended lock/unlock pairs on the 6.3M-row bench, issue 7).
    /// </summary>
    public static void ReadRow(SqliteDataReader reader, Span<RawValue> destination, int firstOrdinal = 0)
    {
        var statement = Statement(reader);
        var added = false;
        try
        {
            statement.DangerousAddRef(ref added);
            var pointer = statement.DangerousGetHandle();
            var mutex = SqliteNative.sqlite3_db_mutex(SqliteNative.sqlite3_db_handle(pointer));
            SqliteNative.sqlite3_mutex_enter(mutex);
            try
            {
                ReadColumns(pointer, destination, firstOrdinal);
            }
            finally
            {
                SqliteNative.sqlite3_mutex_leave(mutex);
            }
        }
        finally
        {
            if (added)
            {
                statement.DangerousRelease();
            }
        }
    }

    /// <summary>Whether the database stores text as UTF-8 (<c>PRAGMA encoding</c>), which <see cref="Read"/> requires.</summary>
    public static async Task<bool> IsUtf8DatabaseAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA encoding";
        var encoding = await command.ExecuteScalarAsync(cancellationToken) as string;
        return string.Equals(encoding, "UTF-8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The columns of the current row of the statement at <paramref name="statement"/>, which the caller holds
    /// (and whose connection's mutex it holds, if it has one).</summary>
    internal static void ReadColumns(nint statement, Span<RawValue> destination, int firstOrdinal)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadColumn(statement, firstOrdinal + i);
        }
    }

    private static sqlite3_stmt Statement(SqliteDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Handle ?? throw new InvalidOperationException("The SQLite reader has no current statement; call Read() first.");
    }

    private static unsafe RawValue ReadColumn(nint statement, int ordinal)
    {
        switch (SqliteNative.sqlite3_column_type(statement, ordinal))
        {
            case raw.SQLITE_INTEGER:
                return RawValue.FromInteger(SqliteNative.sqlite3_column_int64(statement, ordinal));
            case raw.SQLITE_FLOAT:
                return RawValue.FromReal(SqliteNative.sqlite3_column_double(statement, ordinal));
            case raw.SQLITE_TEXT:
                return RawValue.FromTextBytes(Bytes(statement, ordinal));
            case raw.SQLITE_BLOB:
                return RawValue.FromBlob(Bytes(statement, ordinal).ToArray());
            default:
                return RawValue.Null;
        }

        // Valid until the next step or column call on this statement: decoded or copied at once.
        static ReadOnlySpan<byte> Bytes(nint statement, int ordinal)
        {
            var bytes = SqliteNative.sqlite3_column_blob(statement, ordinal);
            return bytes == 0 ? default : new ReadOnlySpan<byte>((void*)bytes, SqliteNative.sqlite3_column_bytes(statement, ordinal));
        }
    }
}
