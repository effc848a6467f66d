using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class DateConversionTests
{
    [Theory]
    [InlineData("2024-01-31", "2024-01-31")]
    [InlineData("2024-02-29", "2024-02-29")]
    [InlineData("2000-02-29", "2000-02-29")]
    [InlineData("0001-01-01", "0001-01-01")]
    [InlineData("9999-12-31", "9999-12-31")]
    [InlineData("2024-01-31 00:00:00", "2024-01-31")]
    [InlineData("2024-01-31 00:00:00.000000", "2024-01-31")]
    [InlineData("2024-01-31T00:00:00", "2024-01-31")]
    [InlineData("2024-01-31 00:00", "2024-01-31")]
    [InlineData("2024-01-31T00:00:00Z", "2024-01-31")]
    [InlineData("2024-01-31T00:00:00+02:00", "2024-01-31")]
    [InlineData("2024-01-31 00:00:00-05:00", "2024-01-31")]
    [InlineData("0001-01-01T00:00:00+01:00", "0001-01-01")]
    [InlineData("9999-12-31T00:00:00-14:00", "9999-12-31")]
    public void Dates_and_midnight_date_times_convert(string text, string expected) =>
        Expect.Accepted(RawValue.FromText(text), Columns.Date, ConvertedValue.FromDate(DateOnly.ParseExact(expected, "yyyy-MM-dd")));

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("1900-02-29")]
    [InlineData("2024-02-30")]
    [InlineData("2024-04-31")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-01-00")]
    [InlineData("0000-01-01")]
    [InlineData("2023-02-29 00:00:00")]
    public void Impossible_calendar_dates_are_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Date, RejectReason.InvalidCalendarDate, $"TEXT '{text}' is not a valid calendar date");

    [Theory]
    [InlineData("N/A")]
    [InlineData("")]
    [InlineData("—")]
    [InlineData("31/01/2024")]
    [InlineData("01/31/2024")]
    [InlineData("2024/01/31")]
    [InlineData("2024-1-5")]
    [InlineData("20240131")]
    [InlineData(" 2024-01-31")]
    [InlineData("2024-01-31 ")]
    [InlineData("2024-01-31x")]
    [InlineData("Jan 31, 2024")]
    public void Text_that_is_no_date_is_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Date, RejectReason.NotADate, $"{RawValue.FromText(text)} is not a date (expected YYYY-MM-DD)");

    [Theory]
    [InlineData("2024-01-31 10:00:00", "TEXT '2024-01-31 10:00:00' is not a date: its time of day is not midnight")]
    [InlineData("2024-01-31 00:00:00.000001", "TEXT '2024-01-31 00:00:00.000001' is not a date: its time of day is not midnight")]
    [InlineData("2024-01-31 00:00:00.0000001", "TEXT '2024-01-31 00:00:00.0000001' is not a date: its time of day is not midnight")]
    // Midnight in UTC, not as written: converting would load a date the text never says (2024-02-01, 2024-01-31).
    [InlineData("2024-01-31T23:00:00-01:00", "TEXT '2024-01-31T23:00:00-01:00' is not a date: its time of day is not midnight")]
    [InlineData("2024-01-31T02:00:00+02:00", "TEXT '2024-01-31T02:00:00+02:00' is not a date: its time of day is not midnight")]
    public void Date_times_that_are_not_midnight_are_rejected(string text, string message) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Date, RejectReason.DateHasTime, message);

    [Theory]
    [InlineData("2024-01-31 24:00:00", "TEXT '2024-01-31 24:00:00' is not a date: its time of day is impossible")]
    [InlineData("2024-01-31T00:00:00+24:00", "TEXT '2024-01-31T00:00:00+24:00' is not a date (expected YYYY-MM-DD)")]
    [InlineData(1700000000L, "INTEGER 1700000000 is not a date (expected YYYY-MM-DD); numbers are dates only as TEXT")]
    [InlineData(19753.0, "REAL 19753 is not a date (expected YYYY-MM-DD); numbers are dates only as TEXT")]
    public void Impossible_times_and_numbers_are_rejected(object value, string message) =>
        Expect.Rejected(Raw.Of(value), Columns.Date, RejectReason.NotADate, message);
}
