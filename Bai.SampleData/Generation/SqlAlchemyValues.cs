namespace Bai.SampleData.Generation;

/// <summary>
/// Values as SQLAlchemy stores them in SQLite (the storage conventions at the top of legacy-bai-sqlite.sql):
/// DATETIME as naive <c>YYYY-MM-DD HH:MM:SS.ffffff</c> text, DATE as <c>YYYY-MM-DD</c>, BOOLEAN as 0/1,
/// NUMERIC as a binary double (NUMERIC affinity then stores whole values as INTEGER).
/// </summary>
internal static class SqlAlchemyValues
{
    /// <summary>Every generated date lies after this fixed instant, never after "now", so files are reproducible.</summary>
    public static DateTime BaseTime { get; } = new(2019, 1, 1, 8, 0, 0, DateTimeKind.Unspecified);

    public static long Boolean(bool value) => value ? 1 : 0;

    /// <summary>The double nearest to <paramref name="cents"/>/100, which is what Python's <c>round(x, 2)</c> yields.</summary>
    public static double Money(long cents) => cents / 100.0;

    /// <summary>A quantity with up to three decimals (NUMERIC(12, 3)), as the nearest double.</summary>
    public static double Quantity(long thousandths) => thousandths / 1000.0;

    /// <summary>A tax rate in hundredths of a percent (1900 = 19.00 %), as the nearest double.</summary>
    public static double Rate(int basisPoints) => basisPoints / 100.0;

    /// <summary><paramref name="numerator"/>/<paramref name="denominator"/> rounded half to even, as Python's round does.</summary>
    public static long RoundHalfEven(long numerator, long denominator)
    {
        var quotient = numerator / denominator;
        var twiceRemainder = 2 * (numerator % denominator);
        if (twiceRemainder > denominator || (twiceRemainder == denominator && (quotient & 1) == 1))
        {
            quotient++;
        }

        return quotient;
    }

    /// <summary>Writes <c>YYYY-MM-DD HH:MM:SS.ffffff</c> as ASCII into <paramref name="buffer"/> (the hot path avoids format strings).</summary>
    public static ReadOnlySpan<byte> WriteTimestamp(DateTime value, Span<byte> buffer)
    {
        WriteDate(value, buffer);
        buffer[10] = (byte)' ';
        Digits(buffer.Slice(11, 2), value.Hour);
        buffer[13] = (byte)':';
        Digits(buffer.Slice(14, 2), value.Minute);
        buffer[16] = (byte)':';
        Digits(buffer.Slice(17, 2), value.Second);
        buffer[19] = (byte)'.';
        Digits(buffer.Slice(20, 6), (int)(value.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond));
        return buffer[..26];
    }

    /// <summary>Writes <c>YYYY-MM-DD</c> as ASCII into <paramref name="buffer"/>.</summary>
    public static ReadOnlySpan<byte> WriteDate(DateTime value, Span<byte> buffer)
    {
        Digits(buffer[..4], value.Year);
        buffer[4] = (byte)'-';
        Digits(buffer.Slice(5, 2), value.Month);
        buffer[7] = (byte)'-';
        Digits(buffer.Slice(8, 2), value.Day);
        return buffer[..10];
    }

    private static void Digits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
