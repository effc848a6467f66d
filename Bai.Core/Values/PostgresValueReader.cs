using System.Data.Common;
using Bai.Core.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Bai.Core.Values;

/// <summary>
/// Reads a PostgreSQL column into a <see cref="ConvertedValue"/> with the typed getter for its kind (no boxing),
/// so the verifier compares the target with the converted source in one type. Npgsql maps: bigint → long,
/// integer → int, varchar/text → string, numeric → decimal (with the column's scale), boolean → bool,
/// date → DateOnly, timestamp → DateTime (Unspecified).
/// </summary>
public static class PostgresValueReader
{
    public static ConvertedValue Read(DbDataReader reader, int ordinal, ColumnSpec column)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(column);
        if (reader.IsDBNull(ordinal))
        {
            return ConvertedValue.Null(column.Kind);
        }

        return column.Kind switch
        {
            ValueKind.BigInt => ConvertedValue.FromInt64(reader.GetInt64(ordinal)),
            ValueKind.Integer => ConvertedValue.FromInt32(reader.GetInt32(ordinal)),
            ValueKind.Varchar or ValueKind.Text => ConvertedValue.FromString(reader.GetString(ordinal), column.Kind),
            ValueKind.Numeric => ConvertedValue.FromDecimal(reader.GetDecimal(ordinal)),
            ValueKind.Boolean => ConvertedValue.FromBoolean(reader.GetBoolean(ordinal)),
            ValueKind.Date => ConvertedValue.FromDate(reader.GetFieldValue<DateOnly>(ordinal)),
            ValueKind.Timestamp => ConvertedValue.FromTimestamp(reader.GetDateTime(ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Kind, "Unknown value kind."),
        };
    }

    /// <summary>
    /// Reads the current column of a binary <c>COPY ... TO STDOUT</c> (the verifier's streaming read of a whole table),
    /// with the same mapping as the reader overload and without boxing.
    /// </summary>
    public static ConvertedValue Read(NpgsqlBinaryExporter exporter, ColumnSpec column)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        ArgumentNullException.ThrowIfNull(column);
        if (exporter.IsNull)
        {
            exporter.Skip();
            return ConvertedValue.Null(column.Kind);
        }

        return column.Kind switch
        {
            ValueKind.BigInt => ConvertedValue.FromInt64(exporter.Read<long>(NpgsqlDbType.Bigint)),
            ValueKind.Integer => ConvertedValue.FromInt32(exporter.Read<int>(NpgsqlDbType.Integer)),
            ValueKind.Varchar => ConvertedValue.FromString(exporter.Read<string>(NpgsqlDbType.Varchar), column.Kind),
            ValueKind.Text => ConvertedValue.FromString(exporter.Read<string>(NpgsqlDbType.Text), column.Kind),
            ValueKind.Numeric => ConvertedValue.FromDecimal(exporter.Read<decimal>(NpgsqlDbType.Numeric)),
            ValueKind.Boolean => ConvertedValue.FromBoolean(exporter.Read<bool>(NpgsqlDbType.Boolean)),
            ValueKind.Date => ConvertedValue.FromDate(exporter.Read<DateOnly>(NpgsqlDbType.Date)),
            ValueKind.Timestamp => ConvertedValue.FromTimestamp(exporter.Read<DateTime>(NpgsqlDbType.Timestamp)),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Kind, "Unknown value kind."),
        };
    }
}
