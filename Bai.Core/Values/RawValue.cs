using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Bai.Core.Values;

/// <summary>
/// One value exactly as SQLite stored it: its storage class and its content, nothing interpreted.
/// TEXT that is not valid UTF-8 keeps its bytes (<see cref="IsInvalidUtf8"/>) instead of being decoded with
/// U+FFFD replacements, the silent corruption pgloader is known for. 24 bytes, no allocation for numbers.
/// </summary>
public readonly struct RawValue : IEquatable<RawValue>
{
    // INTEGER: the value; REAL: the IEEE bits of the double.
    private readonly long _bits;

    // TEXT: the string; BLOB, or TEXT that is not valid UTF-8: the bytes.
    private readonly object? _reference;

    private RawValue(SqliteStorageClass storageClass, long bits, object? reference)
    {
        StorageClass = storageClass;
        _bits = bits;
        _reference = reference;
    }

    public static RawValue Null => default;

    public SqliteStorageClass StorageClass { get; }

    public bool IsNull => StorageClass == SqliteStorageClass.Null;

    /// <summary>The INTEGER value; 0 for any other storage class.</summary>
    public long IntegerValue => StorageClass == SqliteStorageClass.Integer ? _bits : 0;

    /// <summary>The REAL value; 0 for any other storage class.</summary>
    public double RealValue => StorageClass == SqliteStorageClass.Real ? BitConverter.Int64BitsToDouble(_bits) : 0;

    /// <summary>The TEXT value when it is valid UTF-8; otherwise null.</summary>
    public string? TextValue => _reference as string;

    /// <summary>
    /// The value as varchar and text convert it (data-rules.md): TEXT as it is, INTEGER as its digits, REAL in its
    /// shortest round-trip form; null for NULL, a BLOB, or TEXT that is not valid UTF-8. It is also how a row's
    /// <c>account_id</c> is named wherever rows are counted by account, loaded or rejected.
    /// </summary>
    public string? TextForm => StorageClass switch
    {
        SqliteStorageClass.Integer => IntegerValue.ToString(CultureInfo.InvariantCulture),
        SqliteStorageClass.Real => ValueText.Real(RealValue),
        _ => TextValue,
    };

    /// <summary>The BLOB's bytes, or the bytes of a TEXT that is not valid UTF-8; otherwise null.</summary>
    public byte[]? Bytes => _reference as byte[];

    /// <summary>A TEXT value whose bytes are not valid UTF-8 (kept in <see cref="Bytes"/>).</summary>
    public bool IsInvalidUtf8 => StorageClass == SqliteStorageClass.Text && _reference is byte[];

    public static RawValue FromInteger(long value) => new(SqliteStorageClass.Integer, value, null);

    public static RawValue FromReal(double value) => new(SqliteStorageClass.Real, BitConverter.DoubleToInt64Bits(value), null);

    public static RawValue FromText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(SqliteStorageClass.Text, 0, value);
    }

    /// <summary>A TEXT value from the bytes SQLite stored: decoded when valid UTF-8, kept as bytes when not.</summary>
    public static RawValue FromTextBytes(ReadOnlySpan<byte> utf8) =>
        Utf8.IsValid(utf8)
            ? new(SqliteStorageClass.Text, 0, Encoding.UTF8.GetString(utf8))
            : new(SqliteStorageClass.Text, 0, utf8.ToArray());

    public static RawValue FromBlob(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(SqliteStorageClass.Blob, 0, value);
    }

    public bool Equals(RawValue other) =>
        StorageClass == other.StorageClass && _bits == other._bits && _reference switch
        {
            null => other._reference is null,
            string s => other._reference is string o && string.Equals(s, o, StringComparison.Ordinal),
            byte[] b => other._reference is byte[] o && b.AsSpan().SequenceEqual(o),
            _ => false,
        };

    public override bool Equals(object? obj) => obj is RawValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(StorageClass, _bits, _reference is string s ? s.GetHashCode(StringComparison.Ordinal) : 0);

    public static bool operator ==(RawValue left, RawValue right) => left.Equals(right);

    public static bool operator !=(RawValue left, RawValue right) => !left.Equals(right);

    /// <summary>For people: <c>NULL</c>, <c>INTEGER 42</c>, <c>REAL 0.30000000000000004</c>, <c>TEXT 'N/A'</c>,
    /// <c>TEXT x'61FF62' (not valid UTF-8)</c>, <c>BLOB x'0102'</c>. Long contents are shortened.</summary>
    public override string ToString() => StorageClass switch
    {
        SqliteStorageClass.Null => "NULL",
        SqliteStorageClass.Integer => "INTEGER " + _bits.ToString(CultureInfo.InvariantCulture),
        SqliteStorageClass.Real => "REAL " + ValueText.Real(RealValue),
        SqliteStorageClass.Text when _reference is string s => "TEXT " + ValueText.Quoted(s),
        SqliteStorageClass.Text => "TEXT " + ValueText.Hex((byte[])_reference!) + " (not valid UTF-8)",
        _ => "BLOB " + ValueText.Hex((byte[])_reference!),
    };
}
