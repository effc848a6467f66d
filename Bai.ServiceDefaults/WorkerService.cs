namespace Microsoft.Extensions.Hosting;

using Bai.Core;
using Microsoft.Extensions.Logging;

/// <summary>Runs the worker's work once, records its exit code, then stops the host (the Aspire migration-sample shape).</summary>
internal sealed partial class WorkerService(
    IServiceProvider services,
    Func<IServiceProvider, CancellationToken, Task<int>> work,
    WorkerOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<WorkerService> logger) : BackgroundService
{
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
            Log.Interrupted(logger);
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
            Log.Unexpected(logger, e);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(9001, LogLevel.Warning, "Interrupted before the work was done")]
        public static partial void Interrupted(ILogger logger);

        [LoggerMessage(9002, LogLevel.Error, "{Problem}")]
        public static partial void EnvironmentProblem(ILogger logger, string problem);

        [LoggerMessage(9003, LogLevel.Error, "Unexpected failure")]
        public static partial void Unexpected(ILogger logger, Exception exception);
    }
}
