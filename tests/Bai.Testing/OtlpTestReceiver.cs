namespace Bai.Testing;

using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// A minimal OTLP/HTTP receiver on a free loopback port: it accepts the protobuf POSTs of an exporter configured with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT=</c><see cref="Endpoint"/> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>,
/// answers 200 with an empty (valid) response message, and records every request.
/// </summary>
/// <remarks>
/// Plain HTTP/1.1 over a <see cref="TcpListener"/>, because <c>HttpListener</c> cannot bind port 0 and the test
/// projects are not web projects. Protocol: https://opentelemetry.io/docs/specs/otlp/#otlphttp.
/// </remarks>
public sealed class OtlpTestReceiver : IAsyncDisposable
{
    private static readonly byte[] OkResponse = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n");

    private static readonly byte[] NotFoundResponse = Encoding.ASCII.GetBytes(
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly List<OtlpReceivedRequest> received = [];
    private readonly List<Task> connections = [];
    private readonly Task acceptLoop;
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpTestReceiver(TcpListener listener)
    {
        this.listener = listener;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        acceptLoop = AcceptLoopAsync(stopping.Token);
    }

    /// <summary>The base endpoint to give the exporter; the signal paths are appended by the exporter.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<OtlpReceivedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    public static OtlpTestReceiver Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new OtlpTestReceiver(listener);
    }

    /// <summary>Waits until a request that satisfies <paramref name="match"/> has arrived (or had already arrived).</summary>
    /// <exception cref="TimeoutException">None arrived within <paramref name="timeout"/>; the message lists what did.</exception>
    public async Task<OtlpReceivedRequest> WaitForAsync(Func<OtlpReceivedRequest, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        while (true)
        {
            Task next;
            lock (gate)
            {
                var found = received.FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                next = arrived.Task;
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var paths = string.Join(", ", Requests.Select(r => r.Path));
                throw new TimeoutException($"No matching OTLP request within {timeout}; received: [{paths}].");
            }
        }
    }

    /// <summary>Waits for a request to <paramref name="path"/> whose body mentions every one of <paramref name="texts"/>.</summary>
    public Task<OtlpReceivedRequest> WaitForAsync(string path, IReadOnlyCollection<string> texts, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitForAsync(r => r.Path == path && texts.All(r.Mentions), timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Task[] pending;
        lock (gate)
        {
            pending = [acceptLoop, .. connections];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The connections end by cancellation or by the peer going away; neither is a test failure.
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (gate)
            {
                connections.Add(ServeAsync(client, cancellationToken));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        await using var stream = new BufferedStream(client.GetStream());
        try
        {
            // HTTP/1.1 keep-alive: one connection carries many exports.
            while (await ReadRequestAsync(stream, cancellationToken) is { } request)
            {
                Record(request);
                var known = request.Path is OtlpReceivedRequest.TracesPath or OtlpReceivedRequest.LogsPath or OtlpReceivedRequest.MetricsPath;
                await stream.WriteAsync(known ? OkResponse : NotFoundResponse, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The exporter closed the connection, or the receiver is being disposed.
        }
    }

    private void Record(OtlpReceivedRequest request)
    {
        TaskCompletionSource toSignal;
        lock (gate)
        {
            received.Add(request);
            toSignal = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        toSignal.SetResult();
    }

    private static async Task<OtlpReceivedRequest?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var requestLine = await ReadLineAsync(stream, cancellationToken);
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        // "POST /v1/traces HTTP/1.1"
        var parts = requestLine.Split(' ');
        var path = parts.Length > 1 ? parts[1] : string.Empty;

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync(stream, cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var body = headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? await ReadChunkedAsync(stream, cancellationToken)
            : await ReadExactlyAsync(stream, headers.TryGetValue("Content-Length", out var length) ? int.Parse(length) : 0, cancellationToken);

        if (headers.TryGetValue("Content-Encoding", out var encoding) && encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain, cancellationToken);
            body = plain.ToArray();
        }

        return new OtlpReceivedRequest(path, headers.GetValueOrDefault("Content-Type", string.Empty), body);
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream, cancellationToken) ?? throw new IOException("Connection closed inside a chunked body.");
            var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                while (await ReadLineAsync(stream, cancellationToken) is { Length: > 0 })
                {
                }

                return body.ToArray();
            }

            body.Write(await ReadExactlyAsync(stream, size, cancellationToken));
            _ = await ReadLineAsync(stream, cancellationToken);
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>Reads one CRLF-terminated ASCII line; null at end of stream.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (one[0] == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }
}
