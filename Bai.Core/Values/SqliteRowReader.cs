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
        ArgumentNullException.ThrowIfNull(reader);
        var statement = reader.Handle
            ?? throw new InvalidOperationException("The SQLite reader has no current statement; call Read() first.");
        return raw.sqlite3_column_type(statement, ordinal) switch
        {
            raw.SQLITE_INTEGER => RawValue.FromInteger(raw.sqlite3_column_int64(statement, ordinal)),
            raw.SQLITE_FLOAT => RawValue.FromReal(raw.sqlite3_column_double(statement, ordinal)),
            raw.SQLITE_TEXT => RawValue.FromTextBytes(raw.sqlite3_column_blob(statement, ordinal)),
            raw.SQLITE_BLOB => RawValue.FromBlob(raw.sqlite3_column_blob(statement, ordinal).ToArray()),
            _ => RawValue.Null,
        };
    }

    /// <summary>Fills <paramref name="destination"/> with the first <c>destination.Length</c> columns of the current row.</summary>
    public static void ReadRow(SqliteDataReader reader, Span<RawValue> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Read(reader, i);
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
}
