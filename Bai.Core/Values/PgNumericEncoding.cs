using System.Buffers.Binary;

namespace Bai.Core.Values;

/// <summary>
/// A <see cref="decimal"/> in PostgreSQL's binary numeric format (what <c>numeric_recv</c> reads): int16 ndigits,
/// int16 weight, uint16 sign, int16 dscale, then ndigits base-10000 digits, most significant first, the first one
/// weighted 10000^weight. dscale is the decimal's own scale, as Npgsql writes it (the converter makes every value at
/// its column's scale: numeric(12,2) 1.5 is 1.50). Zero digit groups at the ends are left out, as PostgreSQL stores them.
/// See https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/numeric.c (numeric_send).
/// </summary>
internal static class PgNumericEncoding
{
    /// <summary>The header and at most 8 digit groups (a 96-bit mantissa padded to a scale multiple of 4 is below 10^32).</summary>
    public const int MaxLength = 8 + (2 * 8);

    private const ushort Positive = 0x0000;
    private const ushort Negative = 0x4000;
    private const int Base = 10000;

    // 10^pad that brings a scale up to the next multiple of 4, so base-10000 groups line up with the decimal point.
    private static ReadOnlySpan<uint> PadFactors => [1, 1000, 100, 10];

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/>
    /// bytes); returns the number of bytes written.</summary>
    public static int Write(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var pad = PadFactors[scale & 3];
        var fractionGroups = (scale + 3) / 4;

        // Base-10000 groups, least significant first.
        Span<short> groups = stackalloc short[8];
        var count = 0;
        if (bits[2] == 0 && (uint)bits[1] < (1u << 22))
        {
            // Below 2^54, so the padded mantissa fits a ulong: the common case, and a division the JIT turns into a multiply.
            var mantissa = (((ulong)(uint)bits[1] << 32) | (uint)bits[0]) * pad;
            for (; mantissa != 0; mantissa /= Base)
            {
                groups[count++] = (short)(mantissa % Base);
            }
        }
        else
        {
            var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]) * pad;
            for (; mantissa != 0; mantissa /= Base)
            {
                groups[count++] = (short)(ushort)(mantissa % Base);
            }
        }

        var lowest = 0;
        while (lowest < count && groups[lowest] == 0)
        {
            lowest++;
        }

        var digits = count - lowest;
        BinaryPrimitives.WriteInt16BigEndian(destination, (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)(count == 0 ? 0 : count - 1 - fractionGroups));
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], negative && count != 0 ? Negative : Positive);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)scale);
        var at = 8;
        for (var g = count - 1; g >= lowest; g--, at += 2)
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[at..], groups[g]);
        }

        return at;
    }
}
