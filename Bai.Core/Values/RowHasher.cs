using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Bai.Core.Schema;

namespace Bai.Core.Values;

/// <summary>
/// Hashes one row at a time from its canonical values, reusing one buffer (no allocation per value or row).
/// The bytes hashed, in the column order the caller gives (the verifier uses <see cref="TableSpec.Columns"/>):
/// <see cref="CanonicalValue.FormatVersion"/>, then per value either <c>0x00</c> (NULL) or <c>0x01</c>, the byte
/// length of the canonical text as a 4-byte little-endian integer, and that text in UTF-8. Self-delimiting, so
/// no two different rows share an encoding. The row hash is XXH128 (XXH3, 128-bit, seed 0) over it, as the
/// 128-bit value the reference implementation returns (high 64 bits first when shown as hex).
/// </summary>
/// <remarks>
/// XXH128, not a cryptographic hash: both sides are hashed by the same process within one run and nothing persists
/// a row hash, so what matters is that accidental differences (a changed value, a lost or extra row) change the sum,
/// which a 128-bit hash of good dispersion guarantees to 2^-128 per row pair; a deliberately forged collision would
/// need write access to the target, which the verifier does not defend against. It was SHA-256 through OpenSSL: about
/// 8 CPU-seconds of the 6.3M-row benchmark went to per-call overhead there (issue 7). https://xxhash.com/
/// </remarks>
public sealed class RowHasher
{
    private byte[] _buffer = new byte[512];
    private int _length;

    public RowHasher() => Reset();

    /// <summary>Starts a new row, discarding what was appended.</summary>
    public void Reset()
    {
        _buffer[0] = CanonicalValue.FormatVersion;
        _length = 1;
    }

    public void Append(in ConvertedValue value, ColumnSpec column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (value.IsNull)
        {
            Ensure(1);
            _buffer[_length++] = 0;
            return;
        }

        int written;
        if (value.Kind is ValueKind.Varchar or ValueKind.Text)
        {
            var text = value.StringValue;
            Ensure(5 + Encoding.UTF8.GetMaxByteCount(text.Length));
            written = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length + 5));
        }
        else
        {
            Ensure(5 + CanonicalValue.MaxFixedLength);
            written = CanonicalValue.WriteFixedUtf8(value, column.Scale ?? 0, _buffer.AsSpan(_length + 5));
        }

        _buffer[_length] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length + 1), written);
        _length += 5 + written;
    }

    /// <summary>The hash of the row appended since the last reset; starts the next row.</summary>
    public RowHash Complete()
    {
        var hash = XxHash128.HashToUInt128(_buffer.AsSpan(0, _length));
        Reset();
        return new RowHash(hash);
    }

    /// <summary>Hashes a whole row: <paramref name="values"/>[i] belongs to <paramref name="columns"/>[i].</summary>
    public RowHash Hash(ReadOnlySpan<ConvertedValue> values, IReadOnlyList<ColumnSpec> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (values.Length != columns.Count)
        {
            throw new ArgumentException($"{values.Length} values for {columns.Count} columns.", nameof(values));
        }

        Reset();
        for (var i = 0; i < values.Length; i++)
        {
            Append(values[i], columns[i]);
        }

        return Complete();
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
