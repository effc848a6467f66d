using Bai.Core.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Bai.Core.Values;

/// <summary>
/// Writes a <see cref="ConvertedValue"/> into a binary COPY with the generic, non-boxing
/// <see cref="NpgsqlBinaryImporter.Write{T}(T, NpgsqlDbType)"/>, the one place that pairs each kind with its
/// CLR type and PostgreSQL type.
/// </summary>
public static class ConvertedValueWriter
{
    public static void Write(NpgsqlBinaryImporter importer, in ConvertedValue value)
    {
        ArgumentNullException.ThrowIfNull(importer);
        if (value.IsNull)
        {
            importer.WriteNull();
            return;
        }

        switch (value.Kind)
        {
            case ValueKind.BigInt: importer.Write(value.BigIntValue, NpgsqlDbType.Bigint); break;
            case ValueKind.Integer: importer.Write(value.IntegerValue, NpgsqlDbType.Integer); break;
            case ValueKind.Varchar: importer.Write(value.StringValue, NpgsqlDbType.Varchar); break;
            case ValueKind.Text: importer.Write(value.StringValue, NpgsqlDbType.Text); break;
            case ValueKind.Numeric: importer.Write(value.NumericValue, NpgsqlDbType.Numeric); break;
            case ValueKind.Boolean: importer.Write(value.BooleanValue, NpgsqlDbType.Boolean); break;
            case ValueKind.Date: importer.Write(value.DateValue, NpgsqlDbType.Date); break;
            case ValueKind.Timestamp: importer.Write(value.TimestampValue, NpgsqlDbType.Timestamp); break;
            default: throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown value kind.");
        }
    }

    public static Task WriteAsync(NpgsqlBinaryImporter importer, ConvertedValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(importer);
        if (value.IsNull)
        {
            return importer.WriteNullAsync(cancellationToken);
        }

        return value.Kind switch
        {
            ValueKind.BigInt => importer.WriteAsync(value.BigIntValue, NpgsqlDbType.Bigint, cancellationToken),
            ValueKind.Integer => importer.WriteAsync(value.IntegerValue, NpgsqlDbType.Integer, cancellationToken),
            ValueKind.Varchar => importer.WriteAsync(value.StringValue, NpgsqlDbType.Varchar, cancellationToken),
            ValueKind.Text => importer.WriteAsync(value.StringValue, NpgsqlDbType.Text, cancellationToken),
            ValueKind.Numeric => importer.WriteAsync(value.NumericValue, NpgsqlDbType.Numeric, cancellationToken),
            ValueKind.Boolean => importer.WriteAsync(value.BooleanValue, NpgsqlDbType.Boolean, cancellationToken),
            ValueKind.Date => importer.WriteAsync(value.DateValue, NpgsqlDbType.Date, cancellationToken),
            ValueKind.Timestamp => importer.WriteAsync(value.TimestampValue, NpgsqlDbType.Timestamp, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown value kind."),
        };
    }
}
