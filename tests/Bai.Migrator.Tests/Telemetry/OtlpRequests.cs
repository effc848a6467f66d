namespace Bai.Migrator.Tests.Telemetry;

using System.Diagnostics;
using System.Text;
using Bai.Testing;

/// <summary>Reads just enough of an OTLP protobuf body to tell which service sent it.</summary>
public static class OtlpRequests
{
    /// <summary>
    /// Whether the body carries the resource attribute <c>service.name</c> = <paramref name="serviceName"/>: the
    /// KeyValue's key field (tag 0x0A, "service.name"), its value field (tag 0x12, a length the exporter may pad to
    /// four bytes), then the AnyValue's string_value (tag 0x0A, length, UTF-8). A plain text search would also match
    /// "migrator" inside the meter name "bai.migrator.rows_copied".
    /// See https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/common/v1/common.proto.
    /// </summary>
    public static bool IsFrom(this OtlpReceivedRequest request, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] key = [0x0A, 12, .. "service.name"u8, 0x12];
        byte[] value = [0x0A, (byte)Encoding.UTF8.GetByteCount(serviceName), .. Encoding.UTF8.GetBytes(serviceName)];
        var body = request.Body.Span;
        for (var at = body.IndexOf(key); at >= 0; at = Next(body, at, key))
        {
            var rest = body[(at + key.Length)..];
            var length = 0;
            while (length < rest.Length && length < 5 && (rest[length] & 0x80) != 0)
            {
                length++;
            }

            if (length < rest.Length && rest[(length + 1)..].StartsWith(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the body holds the 16 bytes of <paramref name="traceId"/> (a span's, or a link's, trace_id field).</summary>
    public static bool MentionsTrace(this OtlpReceivedRequest request, ActivityTraceId traceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = new byte[16];
        traceId.CopyTo(bytes);
        return request.Body.Span.IndexOf(bytes) >= 0;
    }

    private static int Next(ReadOnlySpan<byte> body, int at, byte[] key)
    {
        var found = body[(at + 1)..].IndexOf(key);
        return found < 0 ? -1 : at + 1 + found;
    }
}
