using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class BigIntConversionTests
{
    public static TheoryData<object, long> Accepted => new()
    {
        { 0L, 0L },
        { 42L, 42L },
        { -7L, -7L },
        { long.MaxValue, long.MaxValue },
        { long.MinValue, long.MinValue },
        // REAL with no fractional part is exactly that integer.
        { 42.0, 42L },
        { -0.0, 0L },
        { 9007199254740992.0, 9007199254740992L },
        { 9007199254740994.0, 9007199254740994L },
        { 9223372036854774784.0, 9223372036854774784L },
        { -9223372036854775808.0, long.MinValue },
        { "42", 42L },
        { "-0", 0L },
        { "007", 7L },
        { "9223372036854775807", long.MaxValue },
        { "-9223372036854775808", long.MinValue },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Faithful_values_convert_to_bigint(object value, long expected) =>
        Expect.Accepted(Raw.Of(value), Columns.BigInt, ConvertedValue.FromInt64(expected));

    [Fact]
    public void A_real_written_as_two_to_the_53_plus_one_is_the_integer_the_double_holds()
    {
        // 2^53 + 1 has no double: SQLite stored 2^53, and that is the value the REAL means.
        var raw = RawValue.FromReal(9007199254740993.0);

        Assert.Equal("REAL 9007199254740992", raw.ToString());
        Expect.Accepted(raw, Columns.BigInt, ConvertedValue.FromInt64(9007199254740992));
    }

    [Theory]
    [InlineData(" 12")]
    [InlineData("12 ")]
    [InlineData("+5")]
    [InlineData("12.0")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("N/A")]
    [InlineData("—")]
    [InlineData("0x1F")]
    [InlineData("1_000")]
    [InlineData("1,000")]
    [InlineData("١٢")]
    public void Text_that_is_not_a_plain_decimal_integer_is_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.BigInt, RejectReason.NotAnInteger,
            $"{RawValue.FromText(text)} is not an integer (expected a plain decimal integer such as 42 or -7, without spaces or '+')");

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.5)]
    [InlineData(2.9999999999999996)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Real_that_is_not_a_whole_number_is_rejected(double real) =>
        Expect.Rejected(RawValue.FromReal(real), Columns.BigInt, RejectReason.NotAnInteger,
            $"{RawValue.FromReal(real)} is not a whole number; bigint takes integers only");

    [Fact]
    public void Real_message_names_the_value_in_round_trip_form() =>
        Expect.Rejected(RawValue.FromReal(1.5), Columns.BigInt, RejectReason.NotAnInteger, "REAL 1.5 is not a whole number; bigint takes integers only");

    [Theory]
    [InlineData(1e20, "REAL 1E+20")]
    [InlineData(-1e20, "REAL -1E+20")]
    [InlineData(9223372036854775808.0, "REAL 9.223372036854776E+18")]
    [InlineData("9223372036854775808", "TEXT '9223372036854775808'")]
    [InlineData("-9223372036854775809", "TEXT '-9223372036854775809'")]
    [InlineData("99999999999999999999999", "TEXT '99999999999999999999999'")]
    public void Values_beyond_the_bigint_range_are_rejected(object value, string shown) =>
        Expect.Rejected(Raw.Of(value), Columns.BigInt, RejectReason.IntegerOutOfRange,
            $"{shown} is out of range for bigint (-9223372036854775808..9223372036854775807)");
}
