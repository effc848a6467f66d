using Bai.Core.Schema;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class NumericConversionTests
{
    public static TheoryData<object, string> AcceptedMoney => new()
    {
        { 5L, "5.00" },
        { -3L, "-3.00" },
        { 0L, "0.00" },
        { 9999999999L, "9999999999.00" },
        { -9999999999L, "-9999999999.00" },
        // 0.1 + 0.2 in Python: the REAL 0.30000000000000004 is the money value 0.30 (data-rules.md).
        { 0.1 + 0.2, "0.30" },
        { 1.1 * 1.1, "1.21" },
        { 19.99, "19.99" },
        { -12.5, "-12.50" },
        { -0.0, "0.00" },
        { 100.0, "100.00" },
        { 0.07, "0.07" },
        { 9999999999.99, "9999999999.99" },
        { -9999999999.99, "-9999999999.99" },
        { 1234567890.12, "1234567890.12" },
        { "12.50", "12.50" },
        { "12.5", "12.50" },
        { "-12.34", "-12.34" },
        { "007.5", "7.50" },
        { "0000000000012.50", "12.50" },
        // Trailing zeros round nothing away.
        { "1.500", "1.50" },
        { "1.0000000", "1.00" },
        { "-0.00", "0.00" },
        { "0", "0.00" },
        { "9999999999.99", "9999999999.99" },
    };

    [Theory]
    [MemberData(nameof(AcceptedMoney))]
    public void Faithful_values_convert_to_money_at_scale_two(object value, string expected) =>
        Expect.Accepted(Raw.Of(value), Columns.Money, ConvertedValue.FromDecimal(Expect.Decimal(expected)));

    [Theory]
    [InlineData(2.5, "2.500")]
    [InlineData(0.333, "0.333")]
    [InlineData(3L, "3.000")]
    [InlineData("1.250", "1.250")]
    [InlineData("999999999.999", "999999999.999")]
    public void Quantities_keep_three_fractional_digits(object value, string expected) =>
        Expect.Accepted(Raw.Of(value), Columns.Quantity, ConvertedValue.FromDecimal(Expect.Decimal(expected)));

    [Theory]
    [InlineData(19.0, "19.00")]
    [InlineData(999.99, "999.99")]
    [InlineData(7.5, "7.50")]
    public void Tax_rates_fit_numeric_five_two(object value, string expected) =>
        Expect.Accepted(Raw.Of(value), Columns.TaxRate, ConvertedValue.FromDecimal(Expect.Decimal(expected)));

    [Theory]
    [InlineData(0.123456, "REAL 0.123456 is not a faithful numeric(12,2): it would round to 0.12")]
    // The double nearest 1.005 is 1.00499999999999989...; either way it has three fractional digits.
    [InlineData(1.005, "REAL 1.005 is not a faithful numeric(12,2): it would round to 1.01")]
    [InlineData(-0.125, "REAL -0.125 is not a faithful numeric(12,2): it would round to -0.13")]
    [InlineData(1e-7, "REAL 1E-07 is not a faithful numeric(12,2): it would round to 0.00")]
    [InlineData(9999999999.995, "REAL 9999999999.995 is not a faithful numeric(12,2): it would round to 10000000000.00")]
    [InlineData("12.345", "TEXT '12.345' is not a faithful numeric(12,2): it would round to 12.35")]
    [InlineData("0.001", "TEXT '0.001' is not a faithful numeric(12,2): it would round to 0.00")]
    [InlineData("0.1234567890123456789012345678901", "TEXT '0.1234567890123456789012345678901' is not a faithful numeric(12,2): it would round to 0.12")]
    public void Values_that_would_round_are_rejected(object value, string message) =>
        Expect.Rejected(Raw.Of(value), Columns.Money, RejectReason.NumericPrecisionLoss, message);

    /// <summary>REALs with more fractional digits than a decimal holds (28): the leftover of a float sum such as
    /// 0.1 + 0.2 - 0.3, or the smallest double. Rounding them used to throw, and the run ended with exit 1.</summary>
    [Theory]
    [InlineData(0.1 + 0.2 - 0.3, "REAL 5.551115123125783E-17 is not a faithful numeric(12,2): it would round to 0.00")]
    [InlineData(-1.23456789012345e-15, "REAL -1.23456789012345E-15 is not a faithful numeric(12,2): it would round to 0.00")]
    [InlineData(double.Epsilon, "REAL 5E-324 is not a faithful numeric(12,2): it would round to 0.00")]
    public void Values_too_small_for_a_decimal_are_rejected(double value, string message) =>
        Expect.Rejected(Raw.Of(value), Columns.Money, RejectReason.NumericPrecisionLoss, message);

    [Theory]
    [InlineData(1e10, "REAL 10000000000 has 11 integer digits; numeric(12,2) holds at most 10")]
    [InlineData(-1e10, "REAL -10000000000 has 11 integer digits; numeric(12,2) holds at most 10")]
    [InlineData(1e300, "REAL 1E+300 has 301 integer digits; numeric(12,2) holds at most 10")]
    [InlineData(10000000000L, "INTEGER 10000000000 has 11 integer digits; numeric(12,2) holds at most 10")]
    [InlineData(long.MinValue, "INTEGER -9223372036854775808 has 19 integer digits; numeric(12,2) holds at most 10")]
    [InlineData("12345678901", "TEXT '12345678901' has 11 integer digits; numeric(12,2) holds at most 10")]
    [InlineData("12345678901.5", "TEXT '12345678901.5' has 11 integer digits; numeric(12,2) holds at most 10")]
    public void Values_with_too_many_integer_digits_are_rejected(object value, string message) =>
        Expect.Rejected(Raw.Of(value), Columns.Money, RejectReason.NumericOverflow, message);

    [Theory]
    [InlineData(1000.0, "REAL 1000 has 4 integer digits; numeric(5,2) holds at most 3")]
    [InlineData(1000000000.0, "REAL 1000000000 has 10 integer digits; numeric(12,3) holds at most 9")]
    public void Overflow_depends_on_precision_minus_scale(double value, string message) =>
        Expect.Rejected(RawValue.FromReal(value), value < 1e4 ? Columns.TaxRate : Columns.Quantity, RejectReason.NumericOverflow, message);

    [Theory]
    [InlineData("N/A")]
    [InlineData("")]
    [InlineData("—")]
    [InlineData("-")]
    [InlineData("1,234.50")]
    [InlineData("1 234")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("-.5")]
    [InlineData("1e3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("$12.50")]
    [InlineData("12,50")]
    public void Text_that_is_not_a_decimal_literal_is_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Money, RejectReason.NotANumber,
            $"{RawValue.FromText(text)} is not a decimal number (expected digits with an optional '-' and '.', such as -12.50)");

    [Theory]
    [InlineData(double.PositiveInfinity, "REAL Infinity is not a number; numeric(12,2) takes finite decimals only")]
    [InlineData(double.NegativeInfinity, "REAL -Infinity is not a number; numeric(12,2) takes finite decimals only")]
    [InlineData(double.NaN, "REAL NaN is not a number; numeric(12,2) takes finite decimals only")]
    public void Non_finite_reals_are_rejected(double value, string message) =>
        Expect.Rejected(RawValue.FromReal(value), Columns.Money, RejectReason.NotANumber, message);

    [Fact]
    public void Converted_money_carries_exactly_the_column_scale()
    {
        var value = ValueConverter.Convert(RawValue.FromReal(0.1 + 0.2), Columns.Money).Value.NumericValue;

        Assert.Equal((0.30m, (byte)2), (value, value.Scale));
    }

    [Fact]
    public void Numeric_without_a_precision_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => ValueConverter.Convert(RawValue.FromInteger(1), new ColumnSpec("x", ValueKind.Numeric, false)));
}
