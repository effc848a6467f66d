using System.Globalization;
using Bai.Core.Schema;

namespace Bai.Core.Values;

/// <summary>
/// numeric(p, s): INTEGER; TEXT decimal literal; REAL whose 15-significant-digit reading
/// (<see cref="DecimalReading"/>) has at most s fractional digits. At most p - s integer digits.
/// The result carries exactly s fractional digits, as PostgreSQL stores it.
/// </summary>
internal static class NumericConversion
{
    /// <summary>Largest precision a <see cref="decimal"/> (96-bit) holds for every value.</summary>
    public const int MaxPrecision = 28;

    public static ConversionResult Convert(in RawValue raw, ColumnSpec column)
    {
        var precision = column.Precision ?? throw new ArgumentException($"Numeric column {column.Name} has no precision.", nameof(column));
        var scale = column.Scale ?? 0;
        if (precision is < 1 or > MaxPrecision || scale < 0 || scale > precision)
        {
            throw new ArgumentException($"numeric({precision},{scale}) of {column.Name} is outside what decimal holds exactly.", nameof(column));
        }

        switch (raw.StorageClass)
        {
            case SqliteStorageClass.Integer:
                var integer = raw.IntegerValue;
                UInt128 magnitude = integer < 0 ? 0UL - (ulong)integer : (ulong)integer;
                var integerDigits = magnitude == 0 ? 0 : DecimalMath.DigitCount(magnitude);
                return integerDigits > precision - scale
                    ? Overflow(raw, column, integerDigits)
                    : Success(magnitude * DecimalMath.Pow10(scale), integer < 0, scale);

            case SqliteStorageClass.Real:
                if (!DecimalReading.TryRead(raw.RealValue, out var reading))
                {
                    return ConversionResult.Reject(RejectReason.NotANumber, $"{raw} is not a number; {ValueConverter.TypeName(column)} takes finite decimals only");
                }

                if (reading.IntegerDigits > precision - scale)
                {
                    return Overflow(raw, column, reading.IntegerDigits);
                }

                return reading.FractionDigits > scale
                    ? PrecisionLoss(raw, column, reading.RoundedTo(scale))
                    : Success(reading.Unscaled(scale), reading.Negative, scale);

            default:
                return FromText(raw, column, precision, scale);
        }
    }

    /// <summary><c>-?[0-9]+(\.[0-9]+)?</c>: no spaces, no '+', no exponent, no thousands separators; leading zeros
    /// and trailing fractional zeros are fine ('007.50' is 7.50 in numeric(12,2); '1.500' too, it rounds nothing).</summary>
    private static ConversionResult FromText(in RawValue raw, ColumnSpec column, int precision, int scale)
    {
        ReadOnlySpan<char> text = raw.TextValue;
        var negative = !text.IsEmpty && text[0] == '-';
        var i = negative ? 1 : 0;
        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integerEnd = i;
        var fractionStart = i;
        var fractionEnd = i;
        if (i < text.Length && text[i] == '.')
        {
            fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fractionEnd = i;
            if (fractionEnd == fractionStart)
            {
                i = -1;
            }
        }

        if (integerEnd == integerStart || i != text.Length)
        {
            return ConversionResult.Reject(RejectReason.NotANumber,
                $"{raw} is not a decimal number (expected digits with an optional '-' and '.', such as -12.50)");
        }

        var firstSignificant = integerStart;
        while (firstSignificant < integerEnd && text[firstSignificant] == '0')
        {
            firstSignificant++;
        }

        var lastSignificant = fractionEnd;
        while (lastSignificant > fractionStart && text[lastSignificant - 1] == '0')
        {
            lastSignificant--;
        }

        var integerDigits = integerEnd - firstSignificant;
        var fractionDigits = lastSignificant - fractionStart;
        if (integerDigits > precision - scale)
        {
            return Overflow(raw, column, integerDigits);
        }

        if (fractionDigits > scale)
        {
            // Validated above: at most 28 integer digits, so this parses (a long fraction to 28 significant digits).
            var parsed = decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return PrecisionLoss(raw, column, decimal.Round(parsed, scale, MidpointRounding.AwayFromZero));
        }

        UInt128 magnitude = 0;
        for (var d = firstSignificant; d < integerEnd; d++)
        {
            magnitude = (magnitude * 10) + (uint)(text[d] - '0');
        }

        for (var d = fractionStart; d < lastSignificant; d++)
        {
            magnitude = (magnitude * 10) + (uint)(text[d] - '0');
        }

        return Success(magnitude * DecimalMath.Pow10(scale - fractionDigits), negative, scale);
    }

    private static ConversionResult Success(UInt128 magnitude, bool negative, int scale) =>
        ConversionResult.Success(ConvertedValue.FromDecimal(DecimalMath.Make(magnitude, negative, scale)));

    private static ConversionResult Overflow(in RawValue raw, ColumnSpec column, int integerDigits) =>
        ConversionResult.Reject(RejectReason.NumericOverflow,
            $"{raw} has {integerDigits} integer digits; {ValueConverter.TypeName(column)} holds at most {column.Precision - (column.Scale ?? 0)}");

    // PostgreSQL rounds numeric input half away from zero; say what it would have made of the value.
    private static ConversionResult PrecisionLoss(in RawValue raw, ColumnSpec column, decimal rounded) =>
        ConversionResult.Reject(RejectReason.NumericPrecisionLoss,
            $"{raw} is not a faithful {ValueConverter.TypeName(column)}: it would round to {rounded.ToString(CultureInfo.InvariantCulture)}");
}
