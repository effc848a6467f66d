namespace Bai.Testing;

using System.Text;

/// <summary>One OTLP/HTTP export request as <see cref="OtlpTestReceiver"/> received it (body already un-gzipped).</summary>
/// <param name="Path">The request path: <c>/v1/traces</c>, <c>/v1/logs</c> or <c>/v1/metrics</c> for OTLP.</param>
/// <param name="ContentType">The Content-Type header; <c>application/x-protobuf</c> for http/protobuf.</param>
/// <param name="Body">The request body: an <c>Export{Trace,Logs,Metrics}ServiceRequest</c> protobuf message.</param>
public sealed record OtlpReceivedRequest(string Path, string ContentType, ReadOnlyMemory<byte> Body)
{
    public const string TracesPath = "/v1/traces";
    public const string LogsPath = "/v1/logs";
    public const string MetricsPath = "/v1/metrics";

    /// <summary>
    /// Whether the body contains <paramref name="text"/> as UTF-8 bytes. Protobuf stores strings (the
    /// <c>service.name</c> resource attribute, span names, log bodies, metric names) as raw UTF-8, so this recognises
    /// them without an OTLP proto package; it cannot say in which field the text stands.
    /// </summary>
    public bool Mentions(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return Body.Span.IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }
}
