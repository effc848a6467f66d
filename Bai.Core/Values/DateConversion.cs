namespace Bai.Core.Values;

/// <summary>
/// date: TEXT <c>YYYY-MM-DD</c>, or a date-time TEXT (see <see cref="DateTimeText"/>) whose time part, as written, is
/// exactly midnight ("a DATETIME-shaped TEXT whose time part is midnight", data-rules.md). The date is the one the text
/// writes: a zone is checked but moves nothing, since converting '2024-01-01T23:00:00-01:00' to UTC would load a
/// calendar date the text never said (2024-01-02). Numbers are not dates: epoch values are accepted in timestamp
/// columns only (data-rules.md lists them there and nowhere else).
/// </summary>
internal static class DateConversion
{
    private const string Expected = "(expected YYYY-MM-DD)";

    public static ConversionResult Convert(in RawValue raw)
    {
        if (raw.StorageClass != SqliteStorageClass.Text)
        {
            return ConversionResult.Reject(RejectReason.NotADate, $"{raw} is not a date {Expected}; numbers are dates only as TEXT");
        }

        return DateTimeText.Parse(raw.TextValue, out var value, out _, asWritten: true) switch
        {
            DateTimeText.Status.Ok when value.TimeOfDay == TimeSpan.Zero =>
                ConversionResult.Success(ConvertedValue.FromDate(DateOnly.FromDateTime(value))),
            DateTimeText.Status.Ok or DateTimeText.Status.TooPrecise =>
                ConversionResult.Reject(RejectReason.DateHasTime, $"{raw} is not a date: its time of day is not midnight"),
            DateTimeText.Status.InvalidCalendarDate =>
                ConversionResult.Reject(RejectReason.InvalidCalendarDate, $"{raw} is not a valid calendar date"),
            DateTimeText.Status.InvalidTime =>
                ConversionResult.Reject(RejectReason.NotADate, $"{raw} is not a date: its time of day is impossible"),
            _ => ConversionResult.Reject(RejectReason.NotADate, $"{raw} is not a date {Expected}"),
        };
    }
}
