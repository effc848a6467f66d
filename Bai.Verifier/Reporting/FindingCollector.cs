namespace Bai.Verifier.Reporting;

using System.Collections.Concurrent;
using Bai.Core.Schema;
using Microsoft.Extensions.Logging;

/// <summary>
/// Every finding of a verification, from any check and any thread. The report keeps the first
/// <see cref="MaxPerScope"/> findings of each check and table (a table migrated into the wrong database would
/// otherwise give a report of millions of lines) and counts the rest. The first <see cref="MaxLoggedPerScope"/> of each
/// are also structured log events: enough to see what went wrong in a terminal or the dashboard, where a thousand
/// warnings per table (a verification against the wrong file gave about 8,900) bury the outcome; the report has them all.
/// </summary>
internal sealed partial class FindingCollector(ILogger logger)
{
    public const int MaxPerScope = 1000;

    public const int MaxLoggedPerScope = 20;

    private readonly ConcurrentQueue<Finding> kept = new();
    private readonly ConcurrentDictionary<(string Check, string Table), int> perScope = new();
    private long total;

    public long Total => Interlocked.Read(ref total);

    public long Omitted => Total - kept.Count;

    /// <summary>The kept findings, check by check in <see cref="VerifierChecks.All"/> order (checks may run at the same
    /// time), each check's in the order it reported them; the content check's table by table in schema order, as its
    /// source scan reads tables on two threads (each table on one, so a table's findings keep their order).</summary>
    public IReadOnlyList<Finding> Kept =>
    [
        .. kept.OrderBy(f => VerifierChecks.OrderOf(f.Check))
            .ThenBy(f => f.Check == VerifierCheck.Content.Key() ? TableOrder(f.Table) : 0),
    ];

    public void Add(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        Interlocked.Increment(ref total);
        VerifierTelemetry.Findings.Add(1, new KeyValuePair<string, object?>("check", finding.Check));
        var count = perScope.AddOrUpdate((finding.Check, finding.Table), 1, (_, n) => n + 1);
        if (count <= MaxPerScope)
        {
            kept.Enqueue(finding);
        }

        if (count <= MaxLoggedPerScope)
        {
            // The parts a finding has (a count has no id, a missing row no target value) are said in the line and kept
            // as attributes of a scope, so a log query can filter on Account or Id; absent parts are not said at all.
            using (logger.BeginScope(finding.Parts()))
            {
                Log.Finding(logger, finding.Check, finding.Table, finding.Message, finding.DescribeParts());
            }
        }
        else if (count == MaxLoggedPerScope + 1)
        {
            Log.MoreFindings(logger, finding.Check, finding.Table, MaxLoggedPerScope, MaxPerScope);
        }
    }

    /// <summary>How many findings a check has reported so far (kept or not).</summary>
    public long CountFor(string check) => perScope.Where(p => p.Key.Check == check).Sum(p => (long)p.Value);

    private static readonly Dictionary<string, int> TablePositions =
        BaiSchema.AllTables.Select((table, position) => (table.Name, Position: position)).ToDictionary(t => t.Name, t => t.Position, StringComparer.Ordinal);

    private static int TableOrder(string table) => TablePositions.GetValueOrDefault(table, BaiSchema.AllTables.Count);

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Warning, "{Check} {Table}: {Message}{Parts}")]
        public static partial void Finding(ILogger logger, string check, string table, string message, string parts);

        [LoggerMessage(2102, LogLevel.Warning, "{Check} {Table}: more than {Logged} findings, not logged one by one; the report lists the first {Listed} and counts the rest")]
        public static partial void MoreFindings(ILogger logger, string check, string table, int logged, int listed);
    }
}
