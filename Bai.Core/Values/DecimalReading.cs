using System.Globalization;

namespace Bai.Core.Values;

/// <summary>
/// The decimal a REAL stands for: the double read at 15 significant digits (DBL_DIG, the digits a double is
/// guaranteed to carry), trailing zeros dropped. This is how PostgreSQL itself casts float8 to numeric
/// (<c>float8_numeric</c> prints with <c>%.15g</c>) and how SQLite prints a REAL, and it is what data-rules.md
/// asks for: the REAL 0.30000000000000004 that Python's 0.1 + 0.2 produced reads as 0.3, while 0.123456 stays
/// 0.123456 and so is not a numeric(12,2). Value = ±<see cref="Significand"/> × 10^<see cref="Exponent"/>.
/// </summary>
internal readonly struct DecimalReading
{
    private DecimalReading(bool negative, ulong significand, int exponent)
    {
        Negative = negative;
        Significand = significand;
        Exponent = exponent;
    }

    /// <summary>Never true for zero (PostgreSQL numeric has no negative zero).</summary>
    public bool Negative { get; }

    /// <summary>At most 17 digits (15 for the 15-digit reading), no trailing zeros; 0 for zero.</summary>
    public ulong Significand { get; }

    public int Exponent { get; }

    public int FractionDigits => Exponent < 0 ? -Exponent : 0;

    public int IntegerDigits => Significand == 0 ? 0 : Math.Max(0, DecimalMath.DigitCount(Significand) + Exponent);

    /// <summary>The 15-significant-digit reading (see the type); false for NaN and infinities.</summary>
    public static bool TryRead(double value, out DecimalReading reading) =>
        TryReadShortDecimal(value, out reading) || TryReadFormatted(value, out reading);

    /// <summary>The 15-significant-digit reading by printing the double (<c>"E14"</c>): exact for every double, and slow.</summary>
    internal static bool TryReadFormatted(double value, out DecimalReading reading) => TryRead(value, "E14", out reading);

    /// <summary>
    /// The fast path of <see cref="TryRead(double, out DecimalReading)"/>, for the doubles money is made of: finds a
    /// decimal m × 10^-s with at most 15 significant digits whose nearest double is <paramref name="value"/>. Such a
    /// decimal is the value's 15-digit reading: 15 is DBL_DIG, so every decimal of 15 significant digits survives the
    /// trip to the nearest double and back to 15 digits (both correctly rounded), and two different ones cannot share a
    /// double. The check is exact: m and 10^s (s ≤ 15) are exact doubles, and IEEE division rounds m / 10^s correctly,
    /// so it gives the double nearest to the decimal. False when there is no such decimal (0.30000000000000004,
    /// magnitudes outside 1e-15..1e15, NaN): the caller prints the double instead.
    /// </summary>
    internal static bool TryReadShortDecimal(double value, out DecimalReading reading)
    {
        reading = default;
        if (value == 0)
        {
            // Zero and negative zero: no sign, as the printed reading of either.
            return true;
        }

        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-15 && magnitude < 1e15))
        {
            return false;
        }

        var scale = 1.0;
        for (var s = 0; s <= 15; s++, scale *= 10)
        {
            var scaled = Math.Round(magnitude * scale);
            if (scaled >= 1e15)
            {
                return false;
            }

            if (scaled != 0 && scaled / scale == magnitude)
            {
                var significand = (ulong)scaled;
                var exponent = -s;
                while (significand % 10 == 0)
                {
                    significand /= 10;
                    exponent++;
                }

                reading = new DecimalReading(value < 0, significand, exponent);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The shortest decimal that reads back as exactly this double (.NET "R"): the double's exact identity, with no
    /// tolerance. 1700000000.123456 stays that; 0.30000000000000004 stays that. False for NaN and infinities.
    /// </summary>
    public static bool TryReadShortest(double value, out DecimalReading reading) => TryRead(value, "R", out reading);

    private static bool TryRead(double value, string format, out DecimalReading reading)
    {
        reading = default;
        Span<char> text = stackalloc char[40];
        if (!double.IsFinite(value) || !value.TryFormat(text, out var length, format, CultureInfo.InvariantCulture))
        {
            return false;
        }

        // Both formats print -?digits[.digits][E(+|-)digits]; "R" has at most 17 significant digits, "E14" 15.
        text = text[..length];
        var negative = text[0] == '-';
        var i = negative ? 1 : 0;
        ulong significand = 0;
        var exponent = 0;
        var afterPoint = false;
        for (; i < text.Length && text[i] != 'E'; i++)
        {
            if (text[i] == '.')
            {
                afterPoint = true;
                continue;
            }

            significand = (significand * 10) + (uint)(text[i] - '0');
            exponent -= afterPoint ? 1 : 0;
        }

        if (i < text.Length)
        {
            var exponentNegative = text[i + 1] == '-';
            var written = 0;
            for (i += 2; i < text.Length; i++)
            {
                written = (written * 10) + (text[i] - '0');
            }

            exponent += exponentNegative ? -written : written;
        }

        if (significand == 0)
        {
            return true;
        }

        while (significand % 10 == 0)
        {
            significand /= 10;
            exponent++;
        }

        reading = new DecimalReading(negative, significand, exponent);
        return true;
    }

    /// <summary>The value × 10^scale as an integer magnitude; requires <c>FractionDigits &lt;= scale</c>.</summary>
    public UInt128 Unscaled(int scale) => Significand * DecimalMath.Pow10(Exponent + scale);

    /// <summary>
    /// The value rounded half away from zero to <paramref name="scale"/> fractional digits (what a numeric(p, scale)
    /// would make of it), computed on the digits: a REAL as small as 5e-324 has more fractional digits than a decimal
    /// holds (28), so <see cref="ToDecimal"/> cannot represent it, but its rounding can.
    /// </summary>
    public decimal RoundedTo(int scale)
    {
        var shift = Exponent + scale;
        if (shift >= 0)
        {
            return DecimalMath.Make(Unscaled(scale), Negative, scale);
        }

        // Significand has at most 17 digits: dropping more than 19 leaves nothing and rounds nothing up.
        if (-shift > 19)
        {
            return DecimalMath.Make(0, Negative, scale);
        }

        var divisor = (ulong)DecimalMath.Pow10(-shift);
        var kept = (Significand / divisor) + (Significand % divisor >= (divisor + 1) / 2 ? 1UL : 0UL);
        return DecimalMath.Make(kept, Negative, scale);
    }

    public decimal ToDecimal() => Exponent >= 0
        ? DecimalMath.Make(Unscaled(0), Negative, 0)
        : DecimalMath.Make(Significand, Negative, -Exponent);
}
