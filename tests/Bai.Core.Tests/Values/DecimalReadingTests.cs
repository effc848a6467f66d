using System.Globalization;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

/// <summary>
/// The fast 15-digit reading of a double (a short decimal whose nearest double it is) against the reading printed
/// with "E14", on many doubles of every shape: whenever the fast path answers, it answers what printing does.
/// </summary>
public sealed class DecimalReadingTests
{
    private const int Samples = 100_000;

    [Fact]
    public void Short_decimals_and_their_neighbours_read_as_printing_reads_them()
    {
        var random = new Random(20261125);
        var fast = 0;
        for (var i = 0; i < Samples; i++)
        {
            var digits = random.Next(1, 16);
            var significand = random.NextInt64(1, (long)Math.Pow(10, digits));
            var scale = random.Next(0, digits + 3);
            var value = double.Parse($"{(random.Next(2) == 0 ? "-" : "")}{significand}E-{scale}", CultureInfo.InvariantCulture);

            fast += AssertSameReading(value) ? 1 : 0;
            AssertSameReading(Math.BitIncrement(value));
            AssertSameReading(Math.BitDecrement(value));
        }

        // Every decimal of at most 15 significant digits (within 1e-15..1e15) takes the fast path.
        Assert.True(fast > Samples * 9 / 10, $"only {fast} of {Samples} short decimals took the fast path");
    }

    [Fact]
    public void Money_sums_products_and_arbitrary_doubles_read_as_printing_reads_them()
    {
        var random = new Random(7);
        AssertSameReading(-0.0);
        for (var i = 0; i < Samples; i++)
        {
            var cents = random.NextInt64(-100_000_000, 100_000_000) / 100.0;
            var quantity = random.Next(0, 100_000) / 1000.0;
            AssertSameReading(cents);
            AssertSameReading(cents * quantity);
            AssertSameReading(cents + (random.Next(0, 1000) / 100.0));
            AssertSameReading(cents * 0.19);
            AssertSameReading(random.NextDouble() * Math.Pow(10, random.Next(-20, 20)));
            AssertSameReading(BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)));
        }
    }

    [Theory]
    [InlineData(0.1 + 0.2)]
    [InlineData(0.0)]
    [InlineData(1e-15)]
    [InlineData(9.99999999999999e-16)]
    [InlineData(999999999999999.0)]
    [InlineData(1e15)]
    [InlineData(123456789012345.6)]
    [InlineData(0.123456)]
    [InlineData(19.99)]
    [InlineData(-1234.5)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Edge_doubles_read_as_printing_reads_them(double value) => AssertSameReading(value);

    /// <returns>Whether the fast path answered.</returns>
    private static bool AssertSameReading(double value)
    {
        var printed = DecimalReading.TryReadFormatted(value, out var expected);
        var read = DecimalReading.TryRead(value, out var actual);
        var fast = DecimalReading.TryReadShortDecimal(value, out _);

        var context = value.ToString("R", CultureInfo.InvariantCulture);
        Assert.True(printed == read, $"{context}: printed {printed}, read {read}");
        Assert.True(
            (expected.Negative, expected.Significand, expected.Exponent) == (actual.Negative, actual.Significand, actual.Exponent),
            $"{context}: printed ({expected.Negative}, {expected.Significand}, {expected.Exponent}), read ({actual.Negative}, {actual.Significand}, {actual.Exponent})");
        return fast;
    }
}
