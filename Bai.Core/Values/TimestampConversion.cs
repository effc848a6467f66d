namespace Bai.Core.Values;

/// <summary>
/// timestamp (without time zone): date-time TEXT (see <see cref="DateTimeText"/>; with a zone: converted to
/// UTC), or a Unix epoch number as UTC. Epoch unit by magnitude: |v| &lt; 1e11 is seconds (up to the year
/// 5138), 1e11 ≤ |v| &lt; 1e14 is milliseconds (from March 1973 on); larger magnitudes (microseconds,
/// nanoseconds?) are ambiguous and rejected. A REAL epoch is taken at its exact identity, the shortest decimal
/// that reads back as the same double, with no 15-digit tolerance as for numeric: at epoch magnitudes the 16th
/// and 17th digits are the microseconds (Python's datetime.timestamp() gives 1700000000.123456), not noise.
/// Never rounds: anything finer than a microsecond is rejected. The result's Kind is Unspecified, as Npgsql reads timestamp.
/// </summary>
internal static class TimestampConversion
{
    public const double MillisecondsThreshold = 1e11;
    public const double EpochLimit = 1e14;

    private const string Expected = "(expected YYYY-MM-DD HH:MM[:SS[.ffffff]], optionally with 'T', 'Z' or ±HH:MM, or Unix epoch seconds/milliseconds)";

    public static ConversionResult Convert(in RawValue raw)
    {
        switch (raw.StorageClass)
        {
            case SqliteStorageClass.Integer:
                var integer = raw.IntegerValue;
                if (integer is <= -(long)EpochLimit or >= (long)EpochLimit)
                {
                    return TooLarge(raw);
                }

                var milliseconds = integer is <= -(long)MillisecondsThreshold or >= (long)MillisecondsThreshold;
                return FromEpoch(raw, integer * (milliseconds ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond));

            case SqliteStorageClass.Real:
                var real = raw.RealValue;
                if (!DecimalReading.TryReadShortest(real, out var reading))
                {
                    return ConversionResult.Reject(RejectReason.NotATimestamp, $"{raw} is not a timestamp {Expected}");
                }

                if (Math.Abs(real) >= EpochLimit)
                {
                    return TooLarge(raw);
                }

                var fractionDigits = Math.Abs(real) >= MillisecondsThreshold ? 3 : 6;
                if (reading.FractionDigits > fractionDigits)
                {
                    return ConversionResult.Reject(RejectReason.TimestampPrecisionLoss,
                        $"{raw} is finer than a microsecond as epoch {(fractionDigits == 3 ? "milliseconds" : "seconds")}; timestamp would round it");
                }

                var microseconds = (long)reading.Unscaled(fractionDigits);
                return FromEpoch(raw, (reading.Negative ? -microseconds : microseconds) * TimeSpan.TicksPerMicrosecond);

            default:
                return FromText(raw);
        }
    }

    private static ConversionResult FromText(in RawValue raw) =>
        DateTimeText.Parse(raw.TextValue, out var value, out var hasTime) switch
        {
            DateTimeText.Status.Ok when hasTime => ConversionResult.Success(ConvertedValue.FromTimestamp(value)),
            DateTimeText.Status.Ok => ConversionResult.Reject(RejectReason.NotATimestamp,
                $"{raw} is a date without a time of day; timestamp expects YYYY-MM-DD HH:MM[:SS[.ffffff]]"),
            DateTimeText.Status.InvalidCalendarDate => ConversionResult.Reject(RejectReason.InvalidCalendarDate, $"{raw} is not a valid calendar date"),
            DateTimeText.Status.InvalidTime => ConversionResult.Reject(RejectReason.NotATimestamp, $"{raw} is not a timestamp: its time of day is impossible"),
            DateTimeText.Status.TooPrecise => ConversionResult.Reject(RejectReason.TimestampPrecisionLoss,
                $"{raw} has fractional seconds finer than a microsecond; timestamp would round them"),
            DateTimeText.Status.OutOfRange => ConversionResult.Reject(RejectReason.TimestampOutOfRange,
                $"{raw} falls outside 0001-01-01..9999-12-31 once converted to UTC"),
            _ => ConversionResult.Reject(RejectReason.NotATimestamp, $"{raw} is not a timestamp {Expected}"),
        };

    private static ConversionResult FromEpoch(in RawValue raw, long ticksSinceEpoch)
    {
        var ticks = DateTime.UnixEpoch.Ticks + ticksSinceEpoch;
        return ticks < 0 || ticks > DateTime.MaxValue.Ticks
            ? ConversionResult.Reject(RejectReason.TimestampOutOfRange, $"{raw} as Unix epoch falls outside 0001-01-01..9999-12-31")
            : ConversionResult.Success(ConvertedValue.FromTimestamp(new DateTime(ticks, DateTimeKind.Unspecified)));
    }

    private static ConversionResult TooLarge(in RawValue raw) =>
        ConversionResult.Reject(RejectReason.NotATimestamp,
            $"{raw} is not a timestamp: as a Unix epoch it is beyond seconds (|v| < 1e11) and milliseconds (|v| < 1e14), so its unit is unknown");
}
