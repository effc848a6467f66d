namespace Microsoft.Extensions.Hosting;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

/// <summary>
/// The Aspire ServiceDefaults template (src/Aspire.ProjectTemplates/templates/aspire-servicedefaults/Extensions.cs
/// in microsoft/aspire) for worker processes: OpenTelemetry logs, traces and metrics, OTLP export when the AppHost
/// asks for it, and the default health checks.
/// </summary>
/// <remarks>
/// Left out on purpose: service discovery, HTTP resilience and the ASP.NET Core / HttpClient instrumentation. The
/// workers serve no HTTP and call no HTTP service; they talk to PostgreSQL (see <see cref="BaiNpgsqlExtensions"/>) and
/// read a local SQLite file. <c>MapDefaultEndpoints</c> is left out too: a worker has no endpoints to map, and it
/// runs its checks itself through <see cref="HealthCheckService"/> (for example before it starts the migration).
/// </remarks>
public static class Extensions
{
    /// <summary>The configuration key (an environment variable under Aspire) that switches the OTLP exporter on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The tag of the checks that say the process itself is alive, as in the template.</summary>
    public const string LiveTag = "live";

    /// <summary>The ActivitySource and Meter name of Npgsql (what Npgsql.OpenTelemetry's <c>AddNpgsql()</c> subscribes to).</summary>
    internal const string NpgsqlTelemetryName = "Npgsql";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // Each app keeps one ActivitySource and one Meter named after its assembly (house style), which is the
        // host's ApplicationName; "Npgsql" is the source and meter of the PostgreSQL driver itself.
        var applicationName = builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddRuntimeInstrumentation()
                .AddMeter(applicationName)
                .AddMeter(NpgsqlTelemetryName))
            .WithTracing(tracing => tracing
                .AddSource(applicationName)
                .AddSource(NpgsqlTelemetryName));

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddHealthChecks()
            // A liveness check that only says the process is responsive, as in the template.
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    private static void AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // The AppHost sets OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL...) for
        // every project; without it the process exports nothing rather than retrying against localhost:4317.
        // UseOtlpExporter reads the rest of the OTEL_* settings from configuration itself.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }
}
