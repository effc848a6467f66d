using System.Buffers.Binary;
using System.Data;
using System.Text;
using System.Text.Unicode;
using Bai.Core.Schema;
using Npgsql;

namespace Bai.Core.Values;

/// <summary>
/// Writes rows of <see cref="ConvertedValue"/>s in PostgreSQL's binary COPY format over Npgsql's raw COPY stream:
/// the header, per row an int16 field count and per field an int32 length (-1 for NULL) and the value's bytes
/// (what each type's <c>*_recv</c> reads), then the trailer. Every value goes straight into one reusable buffer that is
/// handed to the stream when full; no value is boxed, no parameter resolved, nothing allocated per value, which is
/// what <see cref="NpgsqlBinaryImporter"/> costs per value. Disposing without <see cref="CompleteAsync"/> cancels the
/// COPY (nothing of it lands), as the importer does.
/// See https://www.postgresql.org/docs/15/sql-copy.html ("Binary Format").
/// </summary>
public sealed class PgBinaryCopyWriter : IAsyncDisposable
{
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>Enough for any fixed-size field: a numeric with its length word.</summary>
    internal const int MinBufferSize = 64;

    // 2000-01-01, PostgreSQL's epoch for date and timestamp.
    private const int PostgresEpochDayNumber = 730119;
    private const long PostgresEpochTicks = PostgresEpochDayNumber * TimeSpan.TicksPerDay;

    // Strict, as Npgsql's text encoding: a lone surrogate is an error, never a silent U+FFFD.
    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly NpgsqlConnection connection;
    private readonly NpgsqlRawCopyStream stream;
    private readonly byte[] buffer;
    private int position;
    private bool ended;

    private PgBinaryCopyWriter(NpgsqlConnection connection, NpgsqlRawCopyStream stream, int bufferSize)
    {
        this.connection = connection;
        this.stream = stream;
        buffer = new byte[bufferSize];

        // Signature, flags (no OIDs), header extension length.
        ReadOnlySpan<byte> signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
        signature.CopyTo(buffer);
        position = signature.Length;
        WriteInt32Raw(0);
        WriteInt32Raw(0);
    }

    /// <summary>Starts <paramref name="copyCommand"/>, a <c>COPY ... FROM STDIN (FORMAT BINARY)</c>.</summary>
    public static async Task<PgBinaryCopyWriter> BeginAsync(
        NpgsqlConnection connection, string copyCommand, CancellationToken cancellationToken, int bufferSize = DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, MinBufferSize);
        var stream = await connection.BeginRawBinaryCopyAsync(copyCommand, cancellationToken);
        return new PgBinaryCopyWriter(connection, stream, bufferSize);
    }

    public void StartRow(int fieldCount)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(position), checked((short)fieldCount));
        position += 2;
    }

    public void WriteNull()
    {
        Ensure(4);
        WriteInt32Raw(-1);
    }

    public void Write(in ConvertedValue value)
    {
        if (value.IsNull)
        {
            WriteNull();
            return;
        }

        switch (value.Kind)
        {
            case ValueKind.BigInt: WriteInt64(value.BigIntValue); break;
            case ValueKind.Integer: WriteInt32(value.IntegerValue); break;
            case ValueKind.Varchar or ValueKind.Text: WriteText(value.StringValue); break;
            case ValueKind.Numeric: WriteNumeric(value.NumericValue); break;
            case ValueKind.Boolean: WriteBoolean(value.BooleanValue); break;
            case ValueKind.Date: WriteDate(value.DateValue); break;
            case ValueKind.Timestamp: WriteTimestamp(value.TimestampValue); break;
            default: throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown value kind.");
        }
    }

    public void WriteInt64(long value)
    {
        Ensure(12);
        WriteInt32Raw(8);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(position), value);
        position += 8;
    }

    public void WriteInt32(int value)
    {
        Ensure(8);
        WriteInt32Raw(4);
        WriteInt32Raw(value);
    }

    public void WriteBoolean(bool value)
    {
        Ensure(5);
        WriteInt32Raw(1);
        buffer[position++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>int32 days since 2000-01-01. 0001-01-01 and 9999-12-31 are those dates (Npgsql would write them as
    /// -infinity and infinity, its DateOnly.MinValue/MaxValue convention; a legacy value never means infinity).</summary>
    public void WriteDate(DateOnly value) => WriteInt32(value.DayNumber - PostgresEpochDayNumber);

    /// <summary>int64 microseconds since 2000-01-01 00:00, finer ticks dropped as Npgsql drops them (truncated toward
    /// 2000); DateTime.MinValue is 0001-01-01 00:00, not -infinity (see <see cref="WriteDate"/>).</summary>
    public void WriteTimestamp(DateTime value) => WriteInt64((value.Ticks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);

    public void WriteNumeric(decimal value)
    {
        Ensure(4 + PgNumericEncoding.MaxLength);
        var length = PgNumericEncoding.Write(value, buffer.AsSpan(position + 4));
        WriteInt32Raw(length);
        position += length;
    }

    /// <summary>varchar or text as UTF-8 (the database's encoding is UTF8).</summary>
    public void WriteText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Three bytes per UTF-16 unit at most (a surrogate pair: four for two).
        var maxBytes = 4 + (3L * value.Length);
        if (maxBytes > buffer.Length - position && maxBytes <= buffer.Length)
        {
            Flush();
        }

        if (maxBytes <= buffer.Length - position)
        {
            var length = Utf8Strict.GetBytes(value, buffer.AsSpan(position + 4));
            WriteInt32Raw(length);
            position += length;
            return;
        }

        WriteLongText(value);
    }

    /// <summary>The trailer, the rest of the buffer, then the end of the COPY; PostgreSQL's error if it refuses the rows.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(ended, this);
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(position), -1);
        position += 2;
        await stream.WriteAsync(buffer.AsMemory(0, position), cancellationToken);
        position = 0;
        ended = true;

        // Disposing the raw stream is what sends CopyDone and waits for the server's CommandComplete.
        await stream.DisposeAsync();
    }

    /// <summary>Cancels the COPY unless it completed. On a broken connection there is nothing left to cancel.</summary>
    public async ValueTask DisposeAsync()
    {
        if (ended)
        {
            return;
        }

        ended = true;
        if ((connection.FullState & ConnectionState.Broken) == 0 && connection.FullState != ConnectionState.Closed)
        {
            // Never DisposeAsync here: on the raw stream that would end the COPY with CopyDone and keep the rows written so far.
            await stream.CancelAsync();
        }
    }

    /// <summary>A text larger than the buffer: its UTF-8 length first, then the text encoded a buffer at a time.</summary>
    private void WriteLongText(string value)
    {
        var length = Utf8Strict.GetByteCount(value);
        Ensure(4);
        WriteInt32Raw(length);
        ReadOnlySpan<char> rest = value;
        while (true)
        {
            var status = Utf8.FromUtf16(rest, buffer.AsSpan(position), out var read, out var written, replaceInvalidSequences: false);
            position += written;
            rest = rest[read..];
            switch (status)
            {
                case System.Buffers.OperationStatus.Done:
                    return;
                case System.Buffers.OperationStatus.DestinationTooSmall:
                    Flush();
                    break;
                default:
                    throw new ArgumentException("The text is not valid UTF-16.", nameof(value));
            }
        }
    }

    private void Ensure(int bytes)
    {
        if (buffer.Length - position < bytes)
        {
            Flush();
        }
    }

    /// <summary>Hands the buffer to the stream. Synchronous on purpose: the copy's writing loop is the hot path, and
    /// the stream only blocks when the server is behind.</summary>
    private void Flush()
    {
        ObjectDisposedException.ThrowIf(ended, this);
        stream.Write(buffer, 0, position);
        position = 0;
    }

    private void WriteInt32Raw(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(position), value);
        position += 4;
    }
}
