namespace Bai.Migrator;

using Bai.Migrator.Pipeline;
using Bai.Migrator.Reporting;
using Bai.Verifier;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spectre.Console;

internal static class MigratorServices
{
    public static IServiceCollection AddMigrator(this IServiceCollection services, MigratorOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(Bai.Verifier.Reporting.ToolConsole.Create());
        services.AddSingleton<SnapshotPhase>();
        services.AddSingleton<SchemaPhase>();
        services.AddSingleton<FinishPhase>();
        services.AddSingleton<MigrationVerification>();
        services.AddVerificationEngine();
        // The service defaults export the application's own source and meter; the verify step's spans are the verifier's.
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(VerifierTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(VerifierTelemetry.Name));
        services.AddSingleton<ReportWriter>();
        services.AddSingleton<MigrationPipeline>();
        return services;
    }
}
