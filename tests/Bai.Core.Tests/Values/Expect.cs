using Bai.Core.Schema;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

internal static class Expect
{
    /// <summary>The value converts to <paramref name="expected"/>, compared whole, and (numerics) at the same scale.</summary>
    public static void Accepted(RawValue raw, ColumnSpec column, ConvertedValue expected)
    {
        var result = ValueConverter.Convert(raw, column);
        Assert.True(result.IsSuccess, $"{raw} into {ValueConverter.TypeName(column)} was rejected: {result.Rejection?.Message}");
        Assert.Equal(expected, result.Value);
        Assert.Equal(CanonicalValue.Format(expected, scale: null), CanonicalValue.Format(result.Value, scale: null));
    }

    public static Rejection Rejected(RawValue raw, ColumnSpec column, RejectReason reason)
    {
        var result = ValueConverter.Convert(raw, column);
        Assert.False(result.IsSuccess, $"{raw} into {ValueConverter.TypeName(column)} was accepted as {result}");
        Assert.Equal(reason, result.Rejection!.Reason);
        return result.Rejection;
    }

    public static void Rejected(RawValue raw, ColumnSpec column, RejectReason reason, string message) =>
        Assert.Equal(new Rejection(reason, message), Rejected(raw, column, reason));

    public static decimal Decimal(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    public static DateTime Timestamp(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
}
