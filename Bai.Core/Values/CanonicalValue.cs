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

    /// <summary>10^k for k = 0..19, every power of ten a ulong holds.</summary>
    private static readonly ulong[] PowersOf10 = [.. Enumerable.Range(0, 20).Select(k => (ulong)DecimalMath.Pow10(k))];

    /// <summary>The largest ulong that still fits a ulong after multiplying by 10^k (no division per value).</summary>
    private static readonly ulong[] ScalingLimits = [.. PowersOf10.Select(p => ulong.MaxValue / p)];

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
            ValueKind.Numeric => TryWriteNumeric(value.NumericValue, scale, destination, out written),
            ValueKind.Boolean => TryWriteByte(destination, value.BooleanValue ? (byte)'t' : (byte)'f', out written),
            ValueKind.Date => CanonicalDateTime.TryWriteDate(value.DateValue, destination, out written),
            ValueKind.Timestamp => CanonicalDateTime.TryWriteTimestamp(value.TimestampValue, destination, out written),
            _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Strings and NULL have no fixed-length form."),
        };
        return ok ? written : throw new InvalidOperationException($"The canonical form of a {value.Kind} did not fit {destination.Length} bytes.");
    }

    /// <summary>
    /// A numeric as <see cref="DecimalMath.WithScale"/> and .NET's invariant format would write it, from the decimal's
    /// integer and scale, without decimal arithmetic or the general formatter: those were a quarter of the verifier's
    /// CPU on PostgreSQL's side of the 6.3M-row benchmark (issue 7). Integers past 64 bits take the general path.
    /// </summary>
    internal static bool TryWriteNumeric(decimal value, int? scale, Span<byte> destination, out int written)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var digits = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var own = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0 && digits != 0;
        if (bits[2] != 0)
        {
            return Normalize(value, scale).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        }

        var wanted = scale ?? (digits == 0 ? 0 : own);
        if (digits == 0)
        {
            own = wanted;
        }
        else if (own < wanted)
        {
            // 0.3 at scale 2 is 0.30: more digits, unless they would not fit 64 bits.
            if (wanted - own >= ScalingLimits.Length || digits > ScalingLimits[wanted - own])
            {
                return Normalize(value, scale).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
            }

            digits *= PowersOf10[wanted - own];
            own = wanted;
        }
        else if (own > wanted && own - wanted < PowersOf10.Length && digits % PowersOf10[own - wanted] == 0)
        {
            // 0.300000 at scale 2 is 0.30; 0.305 keeps its digits (WithScale).
            digits /= PowersOf10[own - wanted];
            own = wanted;
        }

        Span<byte> text = stackalloc byte[20];
        var length = 0;
        do
        {
            text[text.Length - ++length] = (byte)('0' + (digits % 10));
            digits /= 10;
        }
        while (digits != 0);

        var whole = Math.Max(length - own, 1);
        written = (negative ? 1 : 0) + whole + (own > 0 ? 1 + own : 0);
        if (written > destination.Length)
        {
            return false;
        }

        var at = 0;
        if (negative)
        {
            destination[at++] = (byte)'-';
        }

        // The digits, right-aligned in whole + own places: zeros before them ("0.05"), the point before the last own.
        var padded = whole + own;
        for (var i = 0; i < padded; i++)
        {
            if (i == whole)
            {
                destination[at++] = (byte)'.';
            }

            var fromEnd = padded - i;
            destination[at++] = fromEnd <= length ? text[text.Length - fromEnd] : (byte)'0';
        }

        return true;
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
