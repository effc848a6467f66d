namespace Bai.Migrator;

using Bai.Migrator.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>Main, callable from tests: parse the command line, run the pipeline in a host, return the exit code.</summary>
internal static class MigratorEntryPoint
{
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? configuration = null, TextWriter? error = null)
    {
        var settings = Bai.Core.WorkerConfiguration.Build(configuration);
        var command = MigratorCommand.Create(settings, (options, _) =>
            BaiWorkerHost.RunAsync(
                MigratorTelemetry.Name,
                builder => builder.Services.AddMigrator(MigratorCommand.WithCopyReaders(options, builder.Configuration)),
                (services, stoppingToken) => services.GetRequiredService<MigrationPipeline>().RunAsync(stoppingToken),
                error ?? Console.Error,
                configuration));

        return await BaiCommandLine.InvokeAsync(command, args, error ?? Console.Error);
    }
}
