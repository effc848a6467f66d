namespace Bai.ServiceDefaults.Tests;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bai.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

public sealed partial class OtlpExportTests
{
    [Fact]
    public async Task With_the_environment_Aspire_gives_a_project_traces_logs_and_metrics_reach_the_OTLP_endpoint()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Timeout);
        var ct = timeout.Token;
        await using var receiver = OtlpTestReceiver.Start();
        var serviceName = $"bai-test-{Guid.NewGuid():N}";
        var builder = TestHosts.CreateBuilder(
        [
            new("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString()),
            new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            new("OTEL_SERVICE_NAME", serviceName),
        ]);
        builder.AddServiceDefaults();

        using (var host = builder.Build())
        {
            await host.StartAsync(ct);
            using var source = new ActivitySource(builder.Environment.ApplicationName);
            using var meter = new Meter(builder.Environment.ApplicationName);
            using (source.StartActivity("copy invoices"))
            {
                Log.Copied(host.Services.GetRequiredService<ILogger<OtlpExportTests>>(), "invoices");
                meter.CreateCounter<long>("bai.rows.copied").Add(1);
            }

            // Stopping and disposing the host flushes every provider's batch to the exporter.
            await host.StopAsync(ct);
        }

        var traces = await receiver.WaitForAsync(OtlpReceivedRequest.TracesPath, [serviceName, "copy invoices"], TestHosts.Timeout, ct);
        await receiver.WaitForAsync(OtlpReceivedRequest.LogsPath, [serviceName, "Copied invoices"], TestHosts.Timeout, ct);
        await receiver.WaitForAsync(OtlpReceivedRequest.MetricsPath, [serviceName, "bai.rows.copied"], TestHosts.Timeout, ct);
        Assert.Equal("application/x-protobuf", traces.ContentType);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Copied {TableName}")]
        public static partial void Copied(ILogger logger, string tableName);
    }
}
