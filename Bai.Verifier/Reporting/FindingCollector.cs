namespace Bai.Verifier.Reporting;

using System.Collections.Concurrent;
using Bai.Core.Schema;
using Microsoft.Extensions.Logging;

/// <summary>
/// Every finding of a verification, from any check and any thread. The report keeps the first
/// <see cref="MaxPerScope"/> findings of each check and table (a table migrated into the wrong database would
/// otherwise give a report of millions of lines) and counts the rest; each kept finding is also a structured log event.
/// </summary>
internal sealed partial class FindingCollector(ILogger logger)
{
    public const int MaxPerScope = 1000;

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
            Log.Finding(logger, finding.Check, finding.Table, finding.Account, finding.Id, finding.Column, finding.SourceValue, finding.TargetValue, finding.Message);
        }
        else if (count == MaxPerScope + 1)
        {
            Log.MoreFindings(logger, finding.Check, finding.Table, MaxPerScope);
        }
    }

    /// <summary>How many findings a check has reported so far (kept or not).</summary>
    public long CountFor(string check) => perScope.Where(p => p.Key.Check == check).Sum(p => (long)p.Value);

    private static readonly Dictionary<string, int> TablePositions =
        BaiSchema.AllTables.Select((table, position) => (table.Name, Position: position)).ToDictionary(t => t.Name, t => t.Position, StringComparer.Ordinal);

    private static int TableOrder(string table) => TablePositions.GetValueOrDefault(table, BaiSchema.AllTables.Count);

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Warning, "{Check} {Table}: {Message} (account {Account}, id {Id}, column {Column}, source {SourceValue}, target {TargetValue})")]
        public static partial void Finding(ILogger logger, string check, string table, string? account, long? id, string? column, string? sourceValue, string? targetValue, string message);

        [LoggerMessage(2102, LogLevel.Warning, "{Check} {Table}: more than {Max} findings; the report counts the rest without listing them")]
        public static partial void MoreFindings(ILogger logger, string check, string table, int max);
    }
}
