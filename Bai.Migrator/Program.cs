using Bai.Migrator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Thin on purpose: parse the command line, run the pipeline in a host with the service defaults, return its exit code.
var command = MigratorCommand.Create((options, cancellationToken) =>
    BaiWorkerHost.RunAsync(
        MigratorTelemetry.Name,
        builder => builder.Services.AddMigrator(options),
        (services, stoppingToken) => services.GetRequiredService<Bai.Migrator.Pipeline.MigrationPipeline>().RunAsync(stoppingToken),
        Console.Error));

// The host handles Ctrl+C and SIGTERM itself (it cancels the pipeline, which then returns 130).
return await command.Parse(args).InvokeAsync(new() { ProcessTerminationTimeout = null });
