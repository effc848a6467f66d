namespace Bai.Core.Tests.Values;

using Bai.Core.Values;

public sealed class RejectReasonCodeTests
{
    [Theory]
    [InlineData(RejectReason.NullInNotNullColumn, "null-in-not-null-column")]
    [InlineData(RejectReason.TooLong, "too-long")]
    [InlineData(RejectReason.InvalidUtf8, "invalid-utf8")]
    [InlineData(RejectReason.NotANumber, "not-a-number")]
    [InlineData(RejectReason.NotAnInteger, "not-an-integer")]
    [InlineData(RejectReason.TimestampOutOfRange, "timestamp-out-of-range")]
    public void A_reason_is_written_as_its_name_in_kebab_case(RejectReason reason, string code) => Assert.Equal(code, reason.Code());

    [Fact]
    public void Every_reason_has_its_own_code_of_lower_case_words()
    {
        var codes = Enum.GetValues<RejectReason>().Select(r => r.Code()).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", c));
    }
}
