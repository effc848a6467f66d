namespace Bai.Core.Values;

/// <summary>
/// The one parser for date and date-time TEXT: <c>YYYY-MM-DD</c>, optionally followed by ' ' or 'T',
/// <c>HH:MM</c>, optional <c>:SS</c>, optional <c>.f</c> (1 or more digits; beyond the 6th only zeros), and then
/// optionally <c>Z</c> or <c>±HH:MM</c> (at most ±23:59), which converts the value to UTC. Fixed widths, ASCII
/// digits, nothing before or after: no other shapes are guessed at. Leap seconds (:60) and 24:00 are not times
/// of day here. Years 0001..9999.
/// </summary>
internal static class DateTimeText
{
    /// <summary>
    /// Python, which wrote these values, takes any offset under a day (<c>timezone(timedelta(hours=15))</c> writes
    /// <c>+15:00</c>), and the text's instant is plain whatever the zone; real zones end at ±14:00, SQLite's date
    /// functions at ±14:59, PostgreSQL's at ±15:59. A bound of real zones rejected values the rule converts.
    /// </summary>
    private const int MaxOffsetMinutes = (23 * 60) + 59;

    internal enum Status
    {
        Ok,
        Malformed,
        InvalidCalendarDate,
        InvalidTime,
        TooPrecise,
        OutOfRange,
    }

    /// <param name="text">The TEXT.</param>
    /// <param name="value">The date-time, in UTC when the text carried a zone (unless <paramref name="asWritten"/>);
    /// midnight for a bare date.</param>
    /// <param name="hasTime">Whether the text had a time part.</param>
    /// <param name="asWritten">The date and time as the text writes them, its zone checked but not applied (a date
    /// column's value is the calendar date the text says).</param>
    public static Status Parse(ReadOnlySpan<char> text, out DateTime value, out bool hasTime, bool asWritten = false)
    {
        value = default;
        hasTime = false;
        if (text.Length < 10 || !Digits(text, 0, 4, out var year) || text[4] != '-' || !Digits(text, 5, 2, out var month)
            || text[7] != '-' || !Digits(text, 8, 2, out var day))
        {
            return Status.Malformed;
        }

        int hour = 0, minute = 0, second = 0, microseconds = 0, offsetMinutes = 0;
        var tooPrecise = false;
        var i = 10;
        if (i < text.Length)
        {
            hasTime = true;
            if ((text[i] != ' ' && text[i] != 'T') || !Digits(text, i + 1, 2, out hour) || !At(text, i + 3, ':')
                || !Digits(text, i + 4, 2, out minute))
            {
                return Status.Malformed;
            }

            i += 6;
            if (At(text, i, ':'))
            {
                if (!Digits(text, i + 1, 2, out second))
                {
                    return Status.Malformed;
                }

                i += 3;
                if (At(text, i, '.'))
                {
                    var start = ++i;
                    for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
                    {
                        if (i - start < 6)
                        {
                            microseconds = (microseconds * 10) + (text[i] - '0');
                        }
                        else
                        {
                            tooPrecise |= text[i] != '0';
                        }
                    }

                    var count = i - start;
                    if (count == 0)
                    {
                        return Status.Malformed;
                    }

                    for (; count < 6; count++)
                    {
                        microseconds *= 10;
                    }
                }
            }

            if (At(text, i, 'Z'))
            {
                i++;
            }
            else if (At(text, i, '+') || At(text, i, '-'))
            {
                if (!Digits(text, i + 1, 2, out var offsetHours) || !At(text, i + 3, ':') || !Digits(text, i + 4, 2, out var offsetMinutePart)
                    || offsetMinutePart > 59 || (offsetHours * 60) + offsetMinutePart > MaxOffsetMinutes)
                {
                    return Status.Malformed;
                }

                offsetMinutes = asWritten ? 0 : ((offsetHours * 60) + offsetMinutePart) * (text[i] == '-' ? -1 : 1);
                i += 6;
            }

            if (i != text.Length)
            {
                return Status.Malformed;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return Status.InvalidCalendarDate;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return Status.InvalidTime;
        }

        if (tooPrecise)
        {
            return Status.TooPrecise;
        }

        var ticks = new DateTime(year, month, day).Ticks + (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute)
            + (second * TimeSpan.TicksPerSecond) + (microseconds * TimeSpan.TicksPerMicrosecond) - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks)
        {
            return Status.OutOfRange;
        }

        value = new DateTime(ticks, DateTimeKind.Unspecified);
        return Status.Ok;
    }

    private static bool At(ReadOnlySpan<char> text, int index, char expected) => index < text.Length && text[index] == expected;

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
