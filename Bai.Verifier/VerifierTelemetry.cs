namespace Bai.Verifier;

using System.Diagnostics;
using System.Diagnostics.Metrics;

/// <summary>
/// The verifier's ActivitySource and Meter, named after the assembly so the service defaults export them. The root
/// span links to the migration run's trace (issue 6), each check and each table of a check is a span of its own.
/// </summary>
internal static class VerifierTelemetry
{
    public const string Name = "Bai.Verifier";

    /// <summary>The root span's name.</summary>
    public const string RunName = "verify";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RowsCompared =
        Meter.CreateCounter<long>("bai.verifier.rows_compared", "{row}", "Rows read and checksummed, source and target");

    public static readonly Counter<long> Findings =
        Meter.CreateCounter<long>("bai.verifier.findings", "{finding}", "Differences found, per check");

    public static readonly Histogram<double> CheckDuration =
        Meter.CreateHistogram<double>("bai.verifier.check.duration", "s", "How long each check took");

    /// <summary>
    /// The root span "verify". It links (not parents) to the migration run's span: the verifier is a separate
    /// process and trace, and an ActivityLink keeps the dashboard's story without pretending to be a child.
    /// </summary>
    public static Activity? StartRun(string? migrationTraceParent)
    {
        ActivityLink[]? links = null;
        if (migrationTraceParent is not null && ActivityContext.TryParse(migrationTraceParent, null, out var context))
        {
            links = [new ActivityLink(context, new ActivityTagsCollection { ["bai.link"] = "migration run" })];
        }

        return Source.StartActivity(ActivityKind.Internal, parentContext: default, tags: null, links: links, name: RunName);
    }

    /// <summary>Spans are named "{operation} {target}": "check content", "content invoices".</summary>
    public static Activity? StartCheck(VerifierCheck check) => Source.StartActivity($"check {check.Key()}");

    public static Activity? StartTable(VerifierCheck check, string table) => StartTable(check.Key(), table);

    /// <summary>A span over one table: "checksum invoices" (tagged with the side it reads), "drill-down invoices".</summary>
    public static Activity? StartTable(string operation, string table)
    {
        var activity = Source.StartActivity($"{operation} {table}");
        activity?.SetTag("db.collection.name", table);
        return activity;
    }

    public static void RecordFailure(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.AddException(exception);
    }
}
