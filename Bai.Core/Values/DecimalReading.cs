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

    /// <summary>At most 15 digits, no trailing zeros; 0 for zero.</summary>
    public ulong Significand { get; }

    public int Exponent { get; }

    public int FractionDigits => Exponent < 0 ? -Exponent : 0;

    public int IntegerDigits => Significand == 0 ? 0 : Math.Max(0, DecimalMath.DigitCount(Significand) + Exponent);

    /// <summary>False for NaN and infinities.</summary>
    public static bool TryRead(double value, out DecimalReading reading)
    {
        reading = default;
        if (!double.IsFinite(value))
        {
            return false;
        }

        // "E14": d.dddddddddddddddE±xxx, correctly rounded (round-half-even on the exact binary value).
        Span<char> text = stackalloc char[32];
        if (!value.TryFormat(text, out var length, "E14", CultureInfo.InvariantCulture))
        {
            return false;
        }

        text = text[..length];
        var negative = text[0] == '-';
        var i = negative ? 1 : 0;
        ulong significand = 0;
        for (; text[i] != 'E'; i++)
        {
            if (text[i] != '.')
            {
                significand = (significand * 10) + (uint)(text[i] - '0');
            }
        }

        var exponentNegative = text[i + 1] == '-';
        var exponent = 0;
        for (i += 2; i < text.Length; i++)
        {
            exponent = (exponent * 10) + (text[i] - '0');
        }

        exponent = (exponentNegative ? -exponent : exponent) - 14;
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

    public decimal ToDecimal() => Exponent >= 0
        ? DecimalMath.Make(Unscaled(0), Negative, 0)
        : DecimalMath.Make(Significand, Negative, -Exponent);
}
