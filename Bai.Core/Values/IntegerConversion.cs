using System.Globalization;
using Bai.Core.Schema;

namespace Bai.Core.Values;

/// <summary>bigint and integer: INTEGER; REAL that is exactly a whole number; TEXT that is a plain decimal integer.</summary>
internal static class IntegerConversion
{
    // 2^63 is exact in a double; every double below it and at or above -2^63 converts to long exactly.
    private const double TwoToThe63 = 9223372036854775808.0;

    public static ConversionResult Convert(in RawValue raw, ColumnSpec column)
    {
        var type = column.Kind == ValueKind.Integer ? "integer" : "bigint";
        long value;
        switch (raw.StorageClass)
        {
            case SqliteStorageClass.Integer:
                value = raw.IntegerValue;
                break;
            case SqliteStorageClass.Real:
                var real = raw.RealValue;
                if (!double.IsFinite(real) || Math.Floor(real) != real)
                {
                    return ConversionResult.Reject(RejectReason.NotAnInteger, $"{raw} is not a whole number; {type} takes integers only");
                }

                if (real < -TwoToThe63 || real >= TwoToThe63)
                {
                    return OutOfRange(raw, type);
                }

                value = (long)real;
                break;
            default:
                switch (TryParse(raw.TextValue, out value))
                {
                    case ParseStatus.Malformed:
                        return ConversionResult.Reject(RejectReason.NotAnInteger,
                            $"{raw} is not an integer (expected a plain decimal integer such as 42 or -7, without spaces or '+')");
                    case ParseStatus.Overflow:
                        return OutOfRange(raw, type);
                }

                break;
        }

        if (column.Kind == ValueKind.Integer)
        {
            return value is < int.MinValue or > int.MaxValue
                ? OutOfRange(raw, type)
                : ConversionResult.Success(ConvertedValue.FromInt32((int)value));
        }

        return ConversionResult.Success(ConvertedValue.FromInt64(value));
    }

    internal enum ParseStatus
    {
        Ok,
        Malformed,
        Overflow,
    }

    /// <summary>
    /// <c>-?[0-9]+</c>, nothing else: no spaces, no '+', no '.', no exponent. Leading zeros are allowed
    /// ('007' is 7) and '-0' is 0. Strictness costs nothing on real files: SQLite's INTEGER and NUMERIC
    /// affinity already turned every numeric-looking TEXT (' 12', '+5', '12.0') into an INTEGER on insert.
    /// </summary>
    internal static ParseStatus TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty)
        {
            return ParseStatus.Malformed;
        }

        ulong magnitude = 0;
        var overflow = false;
        foreach (var c in digits)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return ParseStatus.Malformed;
            }

            if (magnitude > (ulong.MaxValue - digit) / 10)
            {
                overflow = true;
            }
            else
            {
                magnitude = (magnitude * 10) + digit;
            }
        }

        if (overflow || magnitude > (negative ? 9223372036854775808UL : long.MaxValue))
        {
            return ParseStatus.Overflow;
        }

        value = negative ? unchecked((long)(0UL - magnitude)) : (long)magnitude;
        return ParseStatus.Ok;
    }

    private static ConversionResult OutOfRange(in RawValue raw, string type) =>
        ConversionResult.Reject(RejectReason.IntegerOutOfRange, type == "integer"
            ? $"{raw} is out of range for integer ({int.MinValue.ToString(CultureInfo.InvariantCulture)}..{int.MaxValue.ToString(CultureInfo.InvariantCulture)})"
            : $"{raw} is out of range for bigint ({long.MinValue.ToString(CultureInfo.InvariantCulture)}..{long.MaxValue.ToString(CultureInfo.InvariantCulture)})");
}
