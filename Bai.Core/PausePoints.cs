namespace Bai.Core;

using System.Globalization;

/// <summary>
/// Named points in the run where a fault-injection test can hold the migrator (or the verifier) still and kill it there
/// (issue 8, "kill the migrator at ten or more distinct points"). Inert unless <c>BAI_TEST_PAUSE_AT</c> names the point:
/// then the process announces the pause (a line on stderr and, when <c>BAI_TEST_PAUSE_MARKER</c> is set, that file
/// with the point's name) and waits while that file exists (a test deletes it to let the run go on), until it is
/// cancelled (Ctrl+C), or until it is killed. Not a product setting: the README
/// does not mention it and nothing else reads it.
/// </summary>
public static class PausePoints
{
    public const string Variable = "BAI_TEST_PAUSE_AT";
    public const string MarkerVariable = "BAI_TEST_PAUSE_MARKER";

    public const string Snapshot = "snapshot";
    public const string LedgerStarted = "ledger-started";
    public const string Schema = "schema";
    public const string Truncated = "truncated";
    public const string Constraints = "constraints";
    public const string Sequences = "sequences";
    public const string Analyze = "analyze";
    public const string Committed = "committed";
    public const string CountCheck = "count-check";
    public const string Verify = "verify";

    /// <summary>A first read of the source was answered "hot journal", before it is asked again.</summary>
    public const string HotJournalSeen = "hot-journal";

    /// <summary>The verifier's CRUD check has its connection and transaction, before its first command (which carries Npgsql's deferred BEGIN).</summary>
    public const string CrudBegun = "crud-begun";

    /// <summary>Inside the verifier's CRUD check: its rows are written, the transaction not yet rolled back.</summary>
    public const string CrudWritten = "crud-written";

    /// <summary>In the middle of a table's copy: at its first progress report (after 16384 rows).</summary>
    public static string CopyOf(string table) => $"copy:{table}";

    /// <summary>Between tables: right after <paramref name="table"/> was copied, before the next one starts.</summary>
    public static string AfterCopyOf(string table) => $"after-copy:{table}";

    private static readonly string? Requested = Environment.GetEnvironmentVariable(Variable);
    private static int reached;

    /// <summary>Holds the calling thread at <paramref name="point"/> when asked to (for points in synchronous code).</summary>
    public static void Reach(string point)
    {
        if (Announce(point) is { } marker)
        {
            while (File.Exists(marker))
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Holds the run at <paramref name="point"/> when asked to, until resumed or cancelled.</summary>
    public static async Task ReachAsync(string point, CancellationToken cancellationToken)
    {
        if (Announce(point) is { } marker)
        {
            while (File.Exists(marker))
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>The marker file to wait on when the run must pause at <paramref name="point"/>, else null.</summary>
    private static string? Announce(string point)
    {
        // Only the first arrival pauses: a point inside a loop holds the run once.
        if (Requested is null || !string.Equals(Requested, point, StringComparison.Ordinal) || Interlocked.Exchange(ref reached, 1) == 1)
        {
            return null;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Variable}: paused at {point} (pid {Environment.ProcessId})"));
        var marker = Environment.GetEnvironmentVariable(MarkerVariable) is { Length: > 0 } path
            ? path
            : Path.Combine(Path.GetTempPath(), $"bai-pause-{Environment.ProcessId}");
        File.WriteAllText(marker, point);
        return marker;
    }
}
