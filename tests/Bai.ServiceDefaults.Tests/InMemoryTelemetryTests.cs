namespace Bai.ServiceDefaults.Tests;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

public sealed partial class InMemoryTelemetryTests
{
    [Fact]
    public async Task Spans_of_the_ActivitySource_named_after_the_application_are_exported_and_others_are_not()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Timeout);
        var ct = timeout.Token;
        var exported = new List<Activity>();
        var builder = TestHosts.CreateBuilder();
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));

        using (var host = builder.Build())
        {
            await host.StartAsync(ct);
            using var source = new ActivitySource(builder.Environment.ApplicationName);
            using var unrelated = new ActivitySource(builder.Environment.ApplicationName + ".Unrelated");
            using (var run = source.StartActivity("migrate bai_db"))
            {
                using (source.StartActivity("copy invoices"))
                {
                }

                using (unrelated.StartActivity("not exported"))
                {
                }
            }

            await host.StopAsync(ct);
        }

        Assert.Equal(["copy invoices", "migrate bai_db"], exported.Select(a => a.DisplayName));
        Assert.Equal(exported[1].SpanId, exported[0].ParentSpanId);
    }

    [Fact]
    public async Task Measurements_of_the_Meter_named_after_the_application_are_exported()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Timeout);
        var ct = timeout.Token;
        var exported = new List<MetricSnapshot>();
        var builder = TestHosts.CreateBuilder();
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));

        using var host = builder.Build();
        await host.StartAsync(ct);
        using var meter = new Meter(builder.Environment.ApplicationName);
        var rows = meter.CreateCounter<long>("bai.rows.copied");
        rows.Add(3);
        rows.Add(4);
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(timeoutMilliseconds: 10_000));
        await host.StopAsync(ct);

        var copied = Assert.Single(exported, m => m.Name == "bai.rows.copied");
        var point = Assert.Single(copied.MetricPoints);
        Assert.Equal(7, point.GetSumLong());
        Assert.Contains(exported, m => m.MeterName == "System.Runtime" || m.MeterName == "OpenTelemetry.Instrumentation.Runtime");
    }

    [Fact]
    public async Task Logs_are_exported_with_the_formatted_message_and_the_scopes()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Timeout);
        var ct = timeout.Token;
        var exported = new List<LogRecord>();
        var builder = TestHosts.CreateBuilder();
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(exported));

        using var host = builder.Build();
        await host.StartAsync(ct);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bai.Migrator.Copy");
        using (Log.RunScope(logger, 42))
        {
            Log.CopiedRows(logger, 7, "invoices");
        }

        await host.StopAsync(ct);

        var record = Assert.Single(exported, r => r.CategoryName == "Bai.Migrator.Copy");
        Assert.Equal("Copied 7 rows of invoices", record.FormattedMessage);
        var scopes = new List<object?>();
        record.ForEachScope((scope, state) => state.Add(scope.Scope?.ToString()), scopes);
        Assert.Equal(["Run 42"], scopes);
    }

    private static partial class Log
    {
        private static readonly Func<ILogger, int, IDisposable?> Run = LoggerMessage.DefineScope<int>("Run {RunId}");

        public static IDisposable? RunScope(ILogger logger, int runId) => Run(logger, runId);

        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Copied {RowCount} rows of {TableName}")]
        public static partial void CopiedRows(ILogger logger, int rowCount, string tableName);
    }
}
