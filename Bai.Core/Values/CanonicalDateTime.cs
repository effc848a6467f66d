namespace Bai.Core.Values;

/// <summary>
/// The canonical UTF-8 of dates (<c>yyyy-MM-dd</c>) and timestamps (<c>yyyy-MM-dd HH:mm:ss.ffffff</c>, seven
/// fractional digits when the value has a tick finer than a microsecond), written digit by digit. The same text as
/// <see cref="DateOnly.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> with those custom
/// formats, which parse the format string for every value: a few CPU-seconds of the verifier's checksums over the
/// 6.3M-row benchmark (issue 7), where every invoice carries two dates and two timestamps.
/// </summary>
internal static class CanonicalDateTime
{
    private const int DateLength = 10;

    public static bool TryWriteDate(DateOnly value, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < DateLength)
        {
            return false;
        }

        value.Deconstruct(out var year, out var month, out var day);
        WriteDate(year, month, day, destination);
        written = DateLength;
        return true;
    }

    public static bool TryWriteTimestamp(DateTime value, Span<byte> destination, out int written)
    {
        // PostgreSQL holds microseconds; a finer tick shows as a seventh digit so it can never pass as equal.
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        var digits = fraction % 10 == 0 ? 6 : 7;
        var length = DateLength + 1 + 8 + 1 + digits;
        written = 0;
        if (destination.Length < length)
        {
            return false;
        }

        value.Deconstruct(out DateOnly date, out TimeOnly time);
        date.Deconstruct(out var year, out var month, out var day);
        WriteDate(year, month, day, destination);
        destination[10] = (byte)' ';
        WriteTwo(time.Hour, destination[11..]);
        destination[13] = (byte)':';
        WriteTwo(time.Minute, destination[14..]);
        destination[16] = (byte)':';
        WriteTwo(time.Second, destination[17..]);
        destination[19] = (byte)'.';
        WriteDigits(digits == 6 ? fraction / 10 : fraction, destination.Slice(20, digits));
        written = length;
        return true;
    }

    private static void WriteDate(int year, int month, int day, Span<byte> destination)
    {
        WriteDigits(year, destination[..4]);
        destination[4] = (byte)'-';
        WriteTwo(month, destination[5..]);
        destination[7] = (byte)'-';
        WriteTwo(day, destination[8..]);
    }

    private static void WriteTwo(int value, Span<byte> destination) => WriteDigits(value, destination[..2]);

    /// <summary>Exactly <c>destination.Length</c> decimal digits of a non-negative value, zero-padded on the left.</summary>
    private static void WriteDigits(long value, Span<byte> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
    }
}
