namespace Bai.Core.Values;

/// <summary>Exact integer arithmetic for building decimals without parsing or rounding.</summary>
internal static class DecimalMath
{
    private static readonly UInt128[] PowersOf10 = BuildPowers();

    private static readonly decimal[] Zeros = BuildZeros();

    /// <summary>10^exponent for 0..38.</summary>
    public static UInt128 Pow10(int exponent) => PowersOf10[exponent];

    public static int DigitCount(UInt128 value)
    {
        var count = 1;
        while (count < 39 && value >= PowersOf10[count])
        {
            count++;
        }

        return count;
    }

    /// <summary>magnitude / 10^scale with that scale (1250, 3 → 1.250); magnitude must be below 2^96.</summary>
    public static decimal Make(UInt128 magnitude, bool negative, int scale) =>
        new((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative && magnitude != 0, (byte)scale);

    /// <summary>
    /// The same value written with exactly <paramref name="scale"/> fractional digits (0.3 → 0.30), as PostgreSQL
    /// returns numeric(p, s). Digits beyond the scale are kept if they are not zeros (that value would not fit the
    /// column, and hiding it would hide a difference). Negative zero becomes zero.
    /// </summary>
    public static decimal WithScale(decimal value, int scale)
    {
        if (value == 0m)
        {
            return Zeros[scale];
        }

        if (value.Scale < scale)
        {
            return value + Zeros[scale];
        }

        if (value.Scale > scale)
        {
            var rounded = decimal.Round(value, scale);
            return rounded == value ? rounded + Zeros[scale] : value;
        }

        return value;
    }

    private static UInt128[] BuildPowers()
    {
        var powers = new UInt128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private static decimal[] BuildZeros()
    {
        var zeros = new decimal[29];
        for (var i = 0; i < zeros.Length; i++)
        {
            zeros[i] = new decimal(0, 0, 0, false, (byte)i);
        }

        return zeros;
    }
}
