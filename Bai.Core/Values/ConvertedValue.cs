using Bai.Core.Schema;

namespace Bai.Core.Values;

/// <summary>
/// A value in its PostgreSQL type, unboxed: <c>long</c> for bigint, <c>int</c> for integer, <c>string</c> for
/// varchar/text, <c>decimal</c> for numeric, <c>bool</c>, <c>DateOnly</c> for date and <c>DateTime</c>
/// (<see cref="DateTimeKind.Unspecified"/>) for timestamp. Made by <see cref="ValueConverter"/> from SQLite and by
/// <see cref="PostgresValueReader"/> from PostgreSQL, so both sides meet in one type for
/// <see cref="CanonicalValue"/>. Reading the wrong accessor for the kind is a programming error and throws.
/// </summary>
public readonly struct ConvertedValue : IEquatable<ConvertedValue>
{
    // bigint, integer, boolean (0/1), date (day number), timestamp (ticks).
    private readonly long _bits;
    private readonly decimal _decimal;
    private readonly string? _text;

    private ConvertedValue(ValueKind kind, bool isNull, long bits, decimal @decimal, string? text)
    {
        Kind = kind;
        IsNull = isNull;
        _bits = bits;
        _decimal = @decimal;
        _text = text;
    }

    public ValueKind Kind { get; }

    public bool IsNull { get; }

    public long BigIntValue => Get(ValueKind.BigInt, _bits);

    public int IntegerValue => (int)Get(ValueKind.Integer, _bits);

    public string StringValue => IsNull || Kind is not (ValueKind.Varchar or ValueKind.Text) ? throw Wrong("a string") : _text!;

    public decimal NumericValue => IsNull || Kind != ValueKind.Numeric ? throw Wrong("a decimal") : _decimal;

    public bool BooleanValue => Get(ValueKind.Boolean, _bits) != 0;

    public DateOnly DateValue => DateOnly.FromDayNumber((int)Get(ValueKind.Date, _bits));

    public DateTime TimestampValue => new(Get(ValueKind.Timestamp, _bits), DateTimeKind.Unspecified);

    public static ConvertedValue Null(ValueKind kind) => new(kind, true, 0, 0, null);

    public static ConvertedValue FromInt64(long value) => new(ValueKind.BigInt, false, value, 0, null);

    public static ConvertedValue FromInt32(int value) => new(ValueKind.Integer, false, value, 0, null);

    /// <param name="value">The text.</param>
    /// <param name="kind"><see cref="ValueKind.Varchar"/> or <see cref="ValueKind.Text"/>.</param>
    public static ConvertedValue FromString(string value, ValueKind kind = ValueKind.Text)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (kind is not (ValueKind.Varchar or ValueKind.Text))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A string value is varchar or text.");
        }

        return new(kind, false, 0, 0, value);
    }

    public static ConvertedValue FromDecimal(decimal value) => new(ValueKind.Numeric, false, 0, value, null);

    public static ConvertedValue FromBoolean(bool value) => new(ValueKind.Boolean, false, value ? 1 : 0, 0, null);

    public static ConvertedValue FromDate(DateOnly value) => new(ValueKind.Date, false, value.DayNumber, 0, null);

    /// <summary>A timestamp without time zone; the <see cref="DateTime.Kind"/> is dropped (Npgsql returns Unspecified).</summary>
    public static ConvertedValue FromTimestamp(DateTime value) => new(ValueKind.Timestamp, false, value.Ticks, 0, null);

    /// <summary>Same kind, both NULL or the same value (decimals compare by value: 0.3 equals 0.30).</summary>
    public bool Equals(ConvertedValue other) =>
        Kind == other.Kind && IsNull == other.IsNull && _bits == other._bits && _decimal == other._decimal
        && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ConvertedValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, IsNull, _bits, _decimal, _text is null ? 0 : _text.GetHashCode(StringComparison.Ordinal));

    public static bool operator ==(ConvertedValue left, ConvertedValue right) => left.Equals(right);

    public static bool operator !=(ConvertedValue left, ConvertedValue right) => !left.Equals(right);

    /// <summary>The kind and the canonical text (scale as stored), e.g. <c>Numeric 0.30</c>, <c>Text NULL</c>.</summary>
    public override string ToString() => $"{Kind} {(IsNull ? "NULL" : CanonicalValue.Format(this, scale: null))}";

    private long Get(ValueKind kind, long bits) => IsNull || Kind != kind ? throw Wrong(kind.ToString()) : bits;

    private InvalidOperationException Wrong(string wanted) =>
        new(IsNull ? $"The {Kind} value is NULL, not {wanted}." : $"The value is {Kind}, not {wanted}.");
}
