namespace Bai.Core.Values;

/// <summary>
/// date: TEXT <c>YYYY-MM-DD</c>, or a date-time TEXT (see <see cref="DateTimeText"/>) whose time, in UTC when
/// it carries a zone, is exactly midnight. Numbers are not dates: epoch values are accepted in timestamp
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

        return DateTimeText.Parse(raw.TextValue, out var value, out var hasTime) switch
        {
            DateTimeText.Status.Ok when !hasTime || value.TimeOfDay == TimeSpan.Zero =>
                ConversionResult.Success(ConvertedValue.FromDate(DateOnly.FromDateTime(value))),
            DateTimeText.Status.Ok or DateTimeText.Status.TooPrecise =>
                ConversionResult.Reject(RejectReason.DateHasTime, $"{raw} is not a date: its time of day is not midnight{(hasTime && value != default ? $" (in UTC: {CanonicalValue.FormatTimestamp(value)})" : "")}"),
            DateTimeText.Status.InvalidCalendarDate =>
                ConversionResult.Reject(RejectReason.InvalidCalendarDate, $"{raw} is not a valid calendar date"),
            DateTimeText.Status.InvalidTime =>
                ConversionResult.Reject(RejectReason.NotADate, $"{raw} is not a date: its time of day is impossible"),
            DateTimeText.Status.OutOfRange =>
                ConversionResult.Reject(RejectReason.NotADate, $"{raw} is not a date: in UTC it falls outside 0001-01-01..9999-12-31"),
            _ => ConversionResult.Reject(RejectReason.NotADate, $"{raw} is not a date {Expected}"),
        };
    }
}
