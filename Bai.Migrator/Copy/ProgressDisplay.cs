namespace Bai.Migrator.Copy;

using Microsoft.Extensions.Logging;
using Spectre.Console;

/// <summary>
/// Shows the copy's progress while it runs. On a terminal: a live table of the tables in progress (rows, rows/s,
/// rejected). Otherwise (CI logs, the Aspire dashboard): a log line per table in progress every few seconds.
/// </summary>
internal sealed partial class ProgressDisplay : IAsyncDisposable
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private ProgressDisplay(CopyProgress progress, ILogger logger, IAnsiConsole? live) =>
        loop = live is null ? LogAsync(progress, logger, stop.Token) : RenderAsync(progress, live, stop.Token);

    /// <param name="console">The terminal to draw on, or null when the output is redirected.</param>
    public static ProgressDisplay Start(CopyProgress progress, ILogger logger, IAnsiConsole? console) =>
        new(progress, logger, console is { Profile.Capabilities.Interactive: true } && !Console.IsOutputRedirected ? console : null);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private static async Task LogAsync(CopyProgress progress, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LogInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var table in progress.Tables.Where(t => !t.Done))
                {
                    Log.Progress(logger, table.Table, table.Rows, RowsPerSecond(table), table.Rejected);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the copy is over.
        }
    }

    private static async Task RenderAsync(CopyProgress progress, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("table", "rows", "rows/s", "rejected", "state");
        await console.Live(table).AutoClear(true).StartAsync(async context =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                table.Rows.Clear();
                foreach (var t in progress.Tables)
                {
                    table.AddRow(t.Table, $"{t.Rows:N0}", $"{RowsPerSecond(t):N0}", $"{t.Rejected:N0}", t.Done ? "done" : "copying");
                }

                context.Refresh();
                try
                {
                    await Task.Delay(LiveInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Disposed: the copy is over; the summary table follows.
                }
            }
        });
    }

    private static long RowsPerSecond(CopyProgress.TableProgress table) => (long)(table.Rows / Math.Max(table.Elapsed.TotalSeconds, 0.001));

    private static partial class Log
    {
        [LoggerMessage(1501, LogLevel.Information, "copy {Table}: {Rows} rows read ({RowsPerSecond} rows/s), {Rejected} rejected")]
        public static partial void Progress(ILogger logger, string table, long rows, long rowsPerSecond, long rejected);
    }
}
