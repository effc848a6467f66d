using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class IntegerConversionTests
{
    [Theory]
    [InlineData(0L, 0)]
    [InlineData(3L, 3)]
    [InlineData(2147483647L, int.MaxValue)]
    [InlineData(-2147483648L, int.MinValue)]
    [InlineData(3.0, 3)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("0010", 10)]
    public void Faithful_values_convert_to_integer(object value, int expected) =>
        Expect.Accepted(Raw.Of(value), Columns.Integer, ConvertedValue.FromInt32(expected));

    [Theory]
    [InlineData(2147483648L, "INTEGER 2147483648")]
    [InlineData(-2147483649L, "INTEGER -2147483649")]
    [InlineData(long.MaxValue, "INTEGER 9223372036854775807")]
    [InlineData(4294967296.0, "REAL 4294967296")]
    [InlineData("2147483648", "TEXT '2147483648'")]
    [InlineData("9223372036854775808", "TEXT '9223372036854775808'")]
    public void Values_beyond_the_integer_range_are_rejected(object value, string shown) =>
        Expect.Rejected(Raw.Of(value), Columns.Integer, RejectReason.IntegerOutOfRange,
            $"{shown} is out of range for integer (-2147483648..2147483647)");

    [Theory]
    [InlineData("first")]
    [InlineData("1.5")]
    [InlineData(1.5)]
    public void Non_integers_are_rejected(object value) =>
        Expect.Rejected(Raw.Of(value), Columns.Integer, RejectReason.NotAnInteger);
}
