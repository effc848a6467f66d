namespace Bai.Migrator.Copy;

using Microsoft.Extensions.Logging;

/// <summary>
/// Shows the copy's progress while it runs: a log line per table in progress every few seconds (rows, rows/s), so
/// a terminal, a CI log and the Aspire dashboard all see the same story.
/// </summary>
internal sealed partial class ProgressDisplay : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private ProgressDisplay(CopyProgress progress, ILogger logger) => loop = RunAsync(progress, logger, stop.Token);

    public static ProgressDisplay Start(CopyProgress progress, ILogger logger) => new(progress, logger);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private static async Task RunAsync(CopyProgress progress, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var table in progress.Tables.Where(t => !t.Done))
                {
                    var seconds = Math.Max(table.Elapsed.TotalSeconds, 0.001);
                    Log.Progress(logger, table.Table, table.Rows, (long)(table.Rows / seconds), table.Rejected);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the copy is over.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1501, LogLevel.Information, "copy {Table}: {Rows} rows read ({RowsPerSecond} rows/s), {Rejected} rejected")]
        public static partial void Progress(ILogger logger, string table, long rows, long rowsPerSecond, long rejected);
    }
}
