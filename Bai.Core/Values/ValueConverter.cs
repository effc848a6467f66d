using Bai.Core.Schema;

namespace Bai.Core.Values;

/// <summary>
/// Turns a value as SQLite stored it into the value its PostgreSQL column holds, or says precisely why it
/// cannot: the table "Conversions that are faithful" of <c>shared/spec/data-rules.md</c>, nothing more.
/// Nothing is rounded, truncated or reinterpreted; what is not certainly the same value is rejected.
/// Allocation-free for accepted numbers, dates and timestamps; no exceptions, no LINQ, no Regex.
/// </summary>
public static class ValueConverter
{
    public static ConversionResult Convert(in RawValue raw, ColumnSpec column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (raw.IsNull)
        {
            return column.Nullable
                ? ConversionResult.Success(ConvertedValue.Null(column.Kind))
                : ConversionResult.Reject(RejectReason.NullInNotNullColumn, $"NULL in NOT NULL column {column.Name} ({TypeName(column)})");
        }

        if (raw.StorageClass == SqliteStorageClass.Blob)
        {
            return ConversionResult.Reject(RejectReason.BlobNotAllowed,
                $"{raw} is a BLOB; a {TypeName(column)} column takes no binary values");
        }

        if (raw.IsInvalidUtf8)
        {
            return ConversionResult.Reject(RejectReason.InvalidUtf8,
                $"{raw} cannot be stored in {TypeName(column)} without replacing bytes; PostgreSQL text must be valid UTF-8");
        }

        return column.Kind switch
        {
            ValueKind.BigInt or ValueKind.Integer => IntegerConversion.Convert(raw, column),
            ValueKind.Numeric => NumericConversion.Convert(raw, column),
            ValueKind.Boolean => BooleanConversion.Convert(raw),
            ValueKind.Date => DateConversion.Convert(raw),
            ValueKind.Timestamp => TimestampConversion.Convert(raw),
            ValueKind.Varchar or ValueKind.Text => TextConversion.Convert(raw, column),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Kind, "Unknown value kind."),
        };
    }

    /// <summary>The short PostgreSQL type name used in messages: <c>varchar(100)</c>, <c>numeric(12,2)</c>, <c>timestamp</c>.</summary>
    public static string TypeName(ColumnSpec column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Kind switch
        {
            ValueKind.BigInt => "bigint",
            ValueKind.Integer => "integer",
            ValueKind.Varchar => $"varchar({column.MaxLength})",
            ValueKind.Text => "text",
            ValueKind.Numeric => $"numeric({column.Precision},{column.Scale ?? 0})",
            ValueKind.Boolean => "boolean",
            ValueKind.Date => "date",
            ValueKind.Timestamp => "timestamp",
            _ => column.Kind.ToString(),
        };
    }
}
