using System.Globalization;
using System.Text;
using Bai.Core.Schema;

namespace Bai.Core.Values;

/// <summary>
/// The canonical text of a value, the same whether it was converted from SQLite or read back from PostgreSQL,
/// so the verifier can compare and checksum both sides (issue 4). Format version <see cref="FormatVersion"/>:
/// <list type="bullet">
/// <item>NULL: no text at all (<c>null</c> here, JSON <c>null</c> in reports, its own tag byte in hashes), so it
/// can never equal a text such as 'NULL' or ''.</item>
/// <item>bigint, integer: invariant decimal digits, '-' for negatives, no '+', no leading zeros: <c>-42</c>.</item>
/// <item>varchar, text: the string itself, unchanged (no trimming, no Unicode normalization).</item>
/// <item>numeric(p, s): plain decimal with exactly s fractional digits, '.' as separator, '0' before it, no
/// exponent, no negative zero: <c>0.30</c>, <c>-12.50</c>, <c>7.000</c>, <c>5</c> for s = 0.</item>
/// <item>boolean: <c>t</c> or <c>f</c> (PostgreSQL's own output).</item>
/// <item>date: <c>yyyy-MM-dd</c>.</item>
/// <item>timestamp: <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, always six fractional digits (PostgreSQL holds
/// microseconds; a DateTime with a finer tick would show seven, so it cannot pass as equal).</item>
/// </list>
/// </summary>
public static class CanonicalValue
{
    /// <summary>Bumped whenever any rule above changes; the first byte of every row hash.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Upper bound of the UTF-8 length of every non-string canonical text.</summary>
    internal const int MaxFixedLength = 48;

    /// <summary>The canonical text, or null for NULL. Numerics are written at the column's scale.</summary>
    public static string? Format(in ConvertedValue value, ColumnSpec column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Format(value, column.Scale ?? 0);
    }

    /// <param name="value">The value.</param>
    /// <param name="scale">The numeric scale to write; null: as the decimal carries it.</param>
    public static string? Format(in ConvertedValue value, int? scale)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind is ValueKind.Varchar or ValueKind.Text)
        {
            return value.StringValue;
        }

        Span<byte> utf8 = stackalloc byte[MaxFixedLength];
        var length = WriteFixedUtf8(value, scale, utf8);
        return Encoding.UTF8.GetString(utf8[..length]);
    }

    /// <summary>A timestamp in the canonical form <c>yyyy-MM-dd HH:mm:ss.ffffff</c>.</summary>
    public static string FormatTimestamp(DateTime value) => Format(ConvertedValue.FromTimestamp(value), scale: null)!;

    /// <summary>Writes the canonical UTF-8 of a non-NULL, non-string value; returns the byte count.</summary>
    internal static int WriteFixedUtf8(in ConvertedValue value, int? scale, Span<byte> destination)
    {
        var invariant = CultureInfo.InvariantCulture;
        int written;
        var ok = value.Kind switch
        {
            ValueKind.BigInt => value.BigIntValue.TryFormat(destination, out written, default, invariant),
            ValueKind.Integer => value.IntegerValue.TryFormat(destination, out written, default, invariant),
            ValueKind.Numeric => Normalize(value.NumericValue, scale).TryFormat(destination, out written, default, invariant),
            ValueKind.Boolean => TryWriteByte(destination, value.BooleanValue ? (byte)'t' : (byte)'f', out written),
            ValueKind.Date => CanonicalDateTime.TryWriteDate(value.DateValue, destination, out written),
            ValueKind.Timestamp => CanonicalDateTime.TryWriteTimestamp(value.TimestampValue, destination, out written),
            _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Strings and NULL have no fixed-length form."),
        };
        return ok ? written : throw new InvalidOperationException($"The canonical form of a {value.Kind} did not fit {destination.Length} bytes.");
    }

    private static decimal Normalize(decimal value, int? scale) =>
        scale is { } s ? DecimalMath.WithScale(value, s) : value == 0m ? decimal.Zero : value;

    private static bool TryWriteByte(Span<byte> destination, byte value, out int written)
    {
        destination[0] = value;
        written = 1;
        return true;
    }
}
