using System.Data.Common;
using Bai.Core.Schema;

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
}
