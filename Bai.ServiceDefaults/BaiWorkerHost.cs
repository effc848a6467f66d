namespace Microsoft.Extensions.Hosting;

using Bai.Core;
using Bai.Core.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// How both workers run: a host with the service defaults and the PostgreSQL data source, the work done by a hosted
/// service, and an exit code that tells the truth. On .NET 10 a throwing BackgroundService still ends the process
/// with 0 (dotnet/runtime#67146, shared/docs/aspire-notes.md), and Aspire's WaitForCompletion would then start the
/// verifier after a failed migration; so the work's code is kept here and returned from Main.
/// </summary>
public static partial class BaiWorkerHost
{
    /// <summary>The host's switch for reloading appsettings.json when it changes (HostingHostBuilderExtensions).</summary>
    private const string ReloadConfigOnChangeKey = "hostBuilder:reloadConfigOnChange";

    public static async Task<int> RunAsync(
        string applicationName,
        Action<HostApplicationBuilder> configure,
        Func<IServiceProvider, CancellationToken, Task<int>> work,
        TextWriter error,
        IEnumerable<KeyValuePair<string, string?>>? configurationOverrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // The command line belongs to System.CommandLine; configuration comes from files and the environment.
            Args = [],
            ApplicationName = applicationName,
            ContentRootPath = Directory.GetCurrentDirectory(),
            Configuration = WithoutReloadOnChange(),
        });
        builder.Configuration.AddInMemoryCollection(configurationOverrides ?? []);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.AddServiceDefaults();
        // Npgsql logs every command at Information: useful when debugging, noise in a migration log of millions of rows.
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        // EF logs a failed command or transaction as an error of its own ("An error occurred using a transaction.")
        // before the tools say the same failure in their one sentence or finding; kept for BAI_DEBUG=1.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database", DebugRequested ? LogLevel.Warning : LogLevel.None);
        // "Application started. Press Ctrl+C to shut down." reads as a service that waits; these workers run once and exit.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        using var bootstrapLoggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        PostgresTarget? target = null;
        try
        {
            target = await PostgresTarget.ResolveAsync(builder.Configuration, bootstrapLoggers.CreateLogger(applicationName), CancellationToken.None);
            builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:bai-db", target.ConnectionString)]);
            builder.AddBaiNpgsql();
            configure(builder);

            var outcome = new WorkerOutcome();
            builder.Services.AddSingleton(outcome);
            builder.Services.AddSingleton(work);
            builder.Services.AddHostedService<WorkerService>();

            using var host = builder.Build();
            await host.RunAsync();
            return Report(outcome, error);
        }
        catch (BaiEnvironmentException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        finally
        {
            if (target is not null)
            {
                await target.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A run reads its configuration once. Reloading appsettings on change would watch the content root (the current
    /// directory) and every folder under it, and the snapshot the migrator writes into ./.bai then wakes that watcher
    /// for every block written: a thread of the migrator's own, busy for the whole snapshot.
    /// </summary>
    private static ConfigurationManager WithoutReloadOnChange()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new(ReloadConfigOnChangeKey, "false")]);
        return configuration;
    }

    private static int Report(WorkerOutcome outcome, TextWriter error)
    {
        // An environment's sentence, or what an interruption after the commit means for the data: one line each.
        if (outcome.Failure is BaiEnvironmentException or BaiInterruptedException)
        {
            error.WriteLine(outcome.Failure.Message);
        }
        else if (outcome.Failure is OperationCanceledException && outcome.ExitCode == ExitCodes.Interrupted)
        {
            // Said on stderr too, as every other end is: the log's warning alone left a CI log with exit 130 and no word.
            error.WriteLine(WorkerService.InterruptedBeforeDone);
        }
        else if (outcome.Failure is not null and not OperationCanceledException)
        {
            // Unexpected: one line by default; the stack trace only when asked for (BAI_DEBUG=1).
            error.WriteLine(DebugRequested
                ? outcome.Failure.ToString()
                : $"Unexpected error: {OneLine(outcome.Failure.Message)} (set BAI_DEBUG=1 for the stack trace)");
        }

        return outcome.ExitCode;
    }

    /// <summary>Whether the user asked for stack traces (<c>BAI_DEBUG=1</c>), on stderr and in the log alike.</summary>
    internal static bool DebugRequested => Environment.GetEnvironmentVariable("BAI_DEBUG") == "1";

    /// <summary>Some messages span lines (Npgsql's PostgresException appends "\n\nPOSITION: n"); stderr gets one line.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
