namespace Bai.Migrator;

using Bai.Migrator.Pipeline;
using Bai.Migrator.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

internal static class MigratorServices
{
    public static IServiceCollection AddMigrator(this IServiceCollection services, MigratorOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(AnsiConsole.Console);
        services.AddSingleton<SnapshotPhase>();
        services.AddSingleton<SchemaPhase>();
        services.AddSingleton<FinishPhase>();
        services.AddSingleton<MigrationVerification>();
        services.AddSingleton<ReportWriter>();
        services.AddSingleton<MigrationPipeline>();
        return services;
    }
}
