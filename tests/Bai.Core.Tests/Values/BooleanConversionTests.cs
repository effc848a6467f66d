using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class BooleanConversionTests
{
    [Theory]
    [InlineData(1L, true)]
    [InlineData(0L, false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("FaLsE", false)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("yes", true)]
    [InlineData("YES", true)]
    [InlineData("no", false)]
    [InlineData("No", false)]
    public void Accepted_spellings_convert(object value, bool expected) =>
        Expect.Accepted(Raw.Of(value), Columns.Boolean, ConvertedValue.FromBoolean(expected));

    [Theory]
    [InlineData(2L, "INTEGER 2")]
    [InlineData(-1L, "INTEGER -1")]
    [InlineData(1.0, "REAL 1")]
    [InlineData(0.0, "REAL 0")]
    [InlineData(0.5, "REAL 0.5")]
    [InlineData("y", "TEXT 'y'")]
    [InlineData("n", "TEXT 'n'")]
    [InlineData("on", "TEXT 'on'")]
    [InlineData("off", "TEXT 'off'")]
    [InlineData(" true", "TEXT ' true'")]
    [InlineData("true ", "TEXT 'true '")]
    [InlineData("", "TEXT ''")]
    [InlineData("N/A", "TEXT 'N/A'")]
    [InlineData("2", "TEXT '2'")]
    [InlineData("01", "TEXT '01'")]
    [InlineData("truee", "TEXT 'truee'")]
    public void Anything_else_is_rejected(object value, string shown) =>
        Expect.Rejected(Raw.Of(value), Columns.Boolean, RejectReason.NotABoolean,
            $"{shown} is not a boolean (expected INTEGER 0 or 1, or TEXT 0/1/true/false/t/f/yes/no)");
}
