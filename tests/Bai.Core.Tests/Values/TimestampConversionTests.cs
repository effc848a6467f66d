using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class TimestampConversionTests
{
    public static TheoryData<object, string> Accepted => new()
    {
        { "2024-01-31 10:00:00.123456", "2024-01-31 10:00:00.123456" },
        { "2024-01-31 10:00:00", "2024-01-31 10:00:00.000000" },
        { "2024-01-31 10:00", "2024-01-31 10:00:00.000000" },
        { "2024-01-31T10:00:00", "2024-01-31 10:00:00.000000" },
        { "2024-01-31T10:00", "2024-01-31 10:00:00.000000" },
        { "2024-01-31 10:00:00.5", "2024-01-31 10:00:00.500000" },
        { "2024-01-31 10:00:00.000001", "2024-01-31 10:00:00.000001" },
        // Zeros beyond the microsecond round nothing away.
        { "2024-01-31 10:00:00.123456000", "2024-01-31 10:00:00.123456" },
        { "2024-02-29 23:59:59.999999", "2024-02-29 23:59:59.999999" },
        { "2024-01-31T10:00:00Z", "2024-01-31 10:00:00.000000" },
        { "2024-01-31T10:00:00+02:00", "2024-01-31 08:00:00.000000" },
        { "2024-01-31T10:00:00+00:00", "2024-01-31 10:00:00.000000" },
        { "2024-01-31T01:00:00+05:30", "2024-01-30 19:30:00.000000" },
        { "2024-01-31T23:00:00-05:00", "2024-02-01 04:00:00.000000" },
        { "2024-01-31 10:00:00.25+14:00", "2024-01-30 20:00:00.250000" },
        // Offsets past any real zone, as Python writes them (anything under a day).
        { "2024-01-31T10:00:00+15:00", "2024-01-30 19:00:00.000000" },
        { "2024-01-31T10:00:00-23:59", "2024-02-01 09:59:00.000000" },
        { "0001-01-01 00:00:00", "0001-01-01 00:00:00.000000" },
        { "9999-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999" },
        // Unix epoch, UTC: seconds below 1e11, milliseconds from 1e11 to 1e14.
        { 1700000000L, "2023-11-14 22:13:20.000000" },
        { 1700000000000L, "2023-11-14 22:13:20.000000" },
        { 1700000000123L, "2023-11-14 22:13:20.123000" },
        { 0L, "1970-01-01 00:00:00.000000" },
        { -1L, "1969-12-31 23:59:59.000000" },
        { -62135596800L, "0001-01-01 00:00:00.000000" },
        { 99999999999L, "5138-11-16 09:46:39.000000" },
        { 100000000000L, "1973-03-03 09:46:40.000000" },
        { -100000000000L, "1966-10-31 14:13:20.000000" },
        { 99999999999999L, "5138-11-16 09:46:39.999000" },
        { 1700000000.5, "2023-11-14 22:13:20.500000" },
        // Python's datetime.timestamp(): the double nearest the microsecond value, taken exactly.
        { 1700000000.123456, "2023-11-14 22:13:20.123456" },
        { 1700000000123.456, "2023-11-14 22:13:20.123456" },
        { 1700000000.0, "2023-11-14 22:13:20.000000" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Faithful_values_convert_to_timestamp(object value, string expected) =>
        Expect.Accepted(Raw.Of(value), Columns.Timestamp, ConvertedValue.FromTimestamp(Expect.Timestamp(expected)));

    [Fact]
    public void Converted_timestamps_are_of_unspecified_kind() =>
        Assert.Equal(DateTimeKind.Unspecified,
            ValueConverter.Convert(RawValue.FromText("2024-01-31T10:00:00Z"), Columns.Timestamp).Value.TimestampValue.Kind);

    [Theory]
    [InlineData("N/A")]
    [InlineData("")]
    [InlineData("—")]
    [InlineData("31/01/2024 10:00")]
    [InlineData("2024-01-31 10")]
    [InlineData("2024-01-31 10:00:00.")]
    [InlineData("2024-01-31 10:00:0")]
    [InlineData("2024-01-31t10:00")]
    [InlineData("2024-01-31  10:00")]
    [InlineData("2024-01-31 10:00:00 +02:00")]
    [InlineData("2024-01-31 10:00:00 UTC")]
    [InlineData("2024-01-31 10:00:00z")]
    [InlineData("2024-01-31T10:00:00+0200")]
    [InlineData("2024-01-31T10:00:00+02")]
    [InlineData("2024-01-31T10:00:00+24:00")]
    [InlineData("2024-01-31T10:00:00+02:60")]
    [InlineData(" 2024-01-31 10:00:00")]
    public void Text_that_is_no_timestamp_is_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Timestamp, RejectReason.NotATimestamp,
            $"{RawValue.FromText(text)} is not a timestamp (expected YYYY-MM-DD HH:MM[:SS[.ffffff]], optionally with 'T', 'Z' or ±HH:MM, or Unix epoch seconds/milliseconds)");

    [Fact]
    public void A_bare_date_is_not_a_timestamp() =>
        Expect.Rejected(RawValue.FromText("2024-01-31"), Columns.Timestamp, RejectReason.NotATimestamp,
            "TEXT '2024-01-31' is a date without a time of day; timestamp expects YYYY-MM-DD HH:MM[:SS[.ffffff]]");

    [Theory]
    [InlineData("2024-01-31 24:00:00")]
    [InlineData("2024-01-31 23:59:60")]
    [InlineData("2024-01-31 23:60:00")]
    public void Impossible_times_of_day_are_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Timestamp, RejectReason.NotATimestamp, $"TEXT '{text}' is not a timestamp: its time of day is impossible");

    [Theory]
    [InlineData("2023-02-29 10:00:00")]
    [InlineData("2024-02-30T00:00:00Z")]
    [InlineData("2024-13-01 00:00")]
    public void Impossible_calendar_dates_are_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Timestamp, RejectReason.InvalidCalendarDate, $"TEXT '{text}' is not a valid calendar date");

    [Theory]
    [InlineData("2024-01-31 10:00:00.1234567")]
    [InlineData("2024-01-31 10:00:00.123456789")]
    [InlineData("2024-01-31 10:00:00.0000001")]
    public void Fractions_finer_than_a_microsecond_are_rejected(string text) =>
        Expect.Rejected(RawValue.FromText(text), Columns.Timestamp, RejectReason.TimestampPrecisionLoss,
            $"TEXT '{text}' has fractional seconds finer than a microsecond; timestamp would round them");

    [Theory]
    [InlineData(1700000000.1234567, "REAL 1700000000.1234567 is finer than a microsecond as epoch seconds; timestamp would round it")]
    [InlineData(1.0000001, "REAL 1.0000001 is finer than a microsecond as epoch seconds; timestamp would round it")]
    [InlineData(1700000000123.4565, "REAL 1700000000123.4565 is finer than a microsecond as epoch milliseconds; timestamp would round it")]
    public void Epoch_reals_finer_than_a_microsecond_are_rejected(double value, string message) =>
        Expect.Rejected(RawValue.FromReal(value), Columns.Timestamp, RejectReason.TimestampPrecisionLoss, message);

    [Theory]
    [InlineData("0001-01-01T00:30:00+01:00", "TEXT '0001-01-01T00:30:00+01:00' falls outside 0001-01-01..9999-12-31 once converted to UTC")]
    [InlineData("9999-12-31T23:30:00-01:00", "TEXT '9999-12-31T23:30:00-01:00' falls outside 0001-01-01..9999-12-31 once converted to UTC")]
    [InlineData(-62135596801L, "INTEGER -62135596801 as Unix epoch falls outside 0001-01-01..9999-12-31")]
    [InlineData(-99999999999999L, "INTEGER -99999999999999 as Unix epoch falls outside 0001-01-01..9999-12-31")]
    public void Values_outside_the_timestamp_range_are_rejected(object value, string message) =>
        Expect.Rejected(Raw.Of(value), Columns.Timestamp, RejectReason.TimestampOutOfRange, message);

    [Theory]
    [InlineData(100000000000000L, "INTEGER 100000000000000")]
    [InlineData(-100000000000000L, "INTEGER -100000000000000")]
    [InlineData(1700000000000000L, "INTEGER 1700000000000000")]
    [InlineData(1.7e15, "REAL 1700000000000000")]
    public void Epoch_numbers_of_unknown_unit_are_rejected(object value, string shown) =>
        Expect.Rejected(Raw.Of(value), Columns.Timestamp, RejectReason.NotATimestamp,
            $"{shown} is not a timestamp: as a Unix epoch it is beyond seconds (|v| < 1e11) and milliseconds (|v| < 1e14), so its unit is unknown");

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_reals_are_rejected(double value) =>
        Expect.Rejected(RawValue.FromReal(value), Columns.Timestamp, RejectReason.NotATimestamp);
}
