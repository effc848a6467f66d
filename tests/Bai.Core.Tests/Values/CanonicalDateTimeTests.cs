using System.Globalization;
using System.Text;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

/// <summary>
/// The hand-written date and timestamp digits must be exactly the text of .NET's custom formats they replace
/// (the canonical form of <see cref="CanonicalValue"/>), over the whole range and at its edges.
/// </summary>
public sealed class CanonicalDateTimeTests
{
    public static TheoryData<DateTime> Edges => new()
    {
        DateTime.MinValue,
        DateTime.MaxValue,
        new DateTime(2000, 1, 1),
        new DateTime(1999, 12, 31, 23, 59, 59).AddTicks(9_999_990),
        new DateTime(2024, 2, 29, 12, 0, 0).AddTicks(1),
        new DateTime(9, 3, 4, 5, 6, 7).AddTicks(10),
        new DateTime(999, 10, 11, 0, 0, 0).AddTicks(1_000_000),
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Edge_values_are_written_as_the_custom_formats_write_them(DateTime value) => AssertSameAsFormats(value);

    [Fact]
    public void Random_values_over_the_whole_range_are_written_as_the_custom_formats_write_them()
    {
        var random = new Random(20261126);
        for (var i = 0; i < 200_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            // Half of them whole microseconds (what PostgreSQL holds), half with any tick.
            AssertSameAsFormats(new DateTime(i % 2 == 0 ? ticks - ticks % 10 : ticks, DateTimeKind.Unspecified));
        }
    }

    [Fact]
    public void A_destination_too_short_is_refused_not_overrun()
    {
        Span<byte> buffer = stackalloc byte[25];
        Assert.False(CanonicalDateTime.TryWriteTimestamp(new DateTime(2024, 1, 1), buffer, out var written));
        Assert.Equal(0, written);
        Assert.False(CanonicalDateTime.TryWriteDate(new DateOnly(2024, 1, 1), buffer[..9], out written));
        Assert.Equal(0, written);
    }

    private static void AssertSameAsFormats(DateTime value)
    {
        var format = value.Ticks % TimeSpan.TicksPerMicrosecond == 0 ? "yyyy-MM-dd HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss.fffffff";
        Span<byte> buffer = stackalloc byte[48];
        Assert.True(CanonicalDateTime.TryWriteTimestamp(value, buffer, out var written));
        Assert.Equal(value.ToString(format, CultureInfo.InvariantCulture), Encoding.UTF8.GetString(buffer[..written]));

        var date = DateOnly.FromDateTime(value);
        Assert.True(CanonicalDateTime.TryWriteDate(date, buffer, out written));
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(buffer[..written]));
    }
}
