namespace Microsoft.Extensions.Hosting;

using Bai.Core;
using Microsoft.Extensions.Logging;

/// <summary>Runs the worker's work once, records its exit code, then stops the host (the Aspire migration-sample shape).</summary>
internal sealed partial class WorkerService(
    IServiceProvider services,
    Func<IServiceProvider, CancellationToken, Task<int>> work,
    WorkerOutcome outcome,
    IHostApplicationLifetime lifetime,
    IHostEnvironment environment,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>Under the worker's name (<c>Bai.Migrator</c>): "Microsoft.Extensions.Hosting.WorkerService" told a user
    /// reading an exit-3 sentence nothing about where it came from.</summary>
    private readonly ILogger logger = loggers.CreateLogger(environment.ApplicationName);

    /// <summary>
    /// Ctrl+C or SIGTERM before the work was done. True of both workers: the verifier never commits (its CRUD check
    /// rolls back), and the migrator says a cancellation after its copy committed in its own words
    /// (<see cref="BaiInterruptedException"/>).
    /// </summary>
    internal const string InterruptedBeforeDone =
        "Interrupted before the work was done; nothing of it was committed, and running the same command again starts it over.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            outcome.ExitCode = await work(services, stoppingToken);
        }
        catch (OperationCanceledException e) when (stoppingToken.IsCancellationRequested)
        {
            outcome.Failure = e;
            outcome.ExitCode = ExitCodes.Interrupted;
            Log.Interrupted(logger, e is BaiInterruptedException interrupted ? interrupted.Message : InterruptedBeforeDone);
        }
        catch (BaiEnvironmentException e)
        {
            outcome.Failure = e;
            outcome.ExitCode = ExitCodes.Environment;
            Log.EnvironmentProblem(logger, e.Message);
        }
#pragma warning disable CA1031 // The one place that turns any failure into an exit code instead of a silent 0.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome.Failure = e;
            outcome.ExitCode = ExitCodes.Unexpected;
            // One line, as on stderr; the stack trace only when asked for (BAI_DEBUG=1), in the log as there.
            if (BaiWorkerHost.DebugRequested)
            {
                Log.UnexpectedWithTrace(logger, e);
            }
            else
            {
                Log.Unexpected(logger, e.GetType().Name, e.Message);
            }
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(9001, LogLevel.Warning, "{Interruption}")]
        public static partial void Interrupted(ILogger logger, string interruption);

        [LoggerMessage(9002, LogLevel.Error, "{Problem}")]
        public static partial void EnvironmentProblem(ILogger logger, string problem);

        [LoggerMessage(9003, LogLevel.Error, "Unexpected failure: {ExceptionType}: {ExceptionMessage} (set BAI_DEBUG=1 for the stack trace)")]
        public static partial void Unexpected(ILogger logger, string exceptionType, string exceptionMessage);

        [LoggerMessage(9004, LogLevel.Error, "Unexpected failure")]
        public static partial void UnexpectedWithTrace(ILogger logger, Exception exception);
    }
}
