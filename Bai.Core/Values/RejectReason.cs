namespace Bai.Core.Values;

/// <summary>
/// Why a value was rejected, for grouping in reports. Each member's <see cref="RejectReasonCodes.Code"/> (its name in
/// kebab case) is a stable code written to the JSON reports and the quarantine table: rename one only together with a
/// report format change.
/// </summary>
public enum RejectReason
{
    /// <summary>NULL in a NOT NULL column.</summary>
    NullInNotNullColumn = 1,
    /// <summary>A BLOB in a column of any BAI type (none of them is bytea).</summary>
    BlobNotAllowed,
    /// <summary>TEXT whose bytes are not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>Text holding U+0000, which PostgreSQL text cannot store.</summary>
    NulCharacter,
    /// <summary>Text longer than varchar(n) in characters (Unicode code points, as PostgreSQL counts).</summary>
    TooLong,
    /// <summary>Not an integer: TEXT that is not a plain decimal integer, a REAL with a fraction, a REAL in a boolean column...</summary>
    NotAnInteger,
    /// <summary>An integer outside the range of integer/bigint.</summary>
    IntegerOutOfRange,
    /// <summary>Not a decimal number (TEXT that is no decimal literal, a non-finite REAL).</summary>
    NotANumber,
    /// <summary>More integer digits than numeric(p, s) holds (p - s).</summary>
    NumericOverflow,
    /// <summary>More fractional digits than the scale: storing it would round.</summary>
    NumericPrecisionLoss,
    /// <summary>Not one of the accepted boolean spellings.</summary>
    NotABoolean,
    /// <summary>Not a date in any accepted form.</summary>
    NotADate,
    /// <summary>Date-shaped, but no such day (2023-02-29, month 13).</summary>
    InvalidCalendarDate,
    /// <summary>A date-time in a date column whose time is not midnight.</summary>
    DateHasTime,
    /// <summary>Not a timestamp in any accepted form.</summary>
    NotATimestamp,
    /// <summary>Finer than microseconds: storing it would round.</summary>
    TimestampPrecisionLoss,
    /// <summary>Outside 0001-01-01..9999-12-31 (epoch numbers, or after conversion to UTC).</summary>
    TimestampOutOfRange,
}
