namespace Bai.Migrator;

using System.Diagnostics;
using System.Diagnostics.Metrics;

/// <summary>
/// The migrator's ActivitySource and Meter, named after the assembly so the service defaults export them
/// (they add the application name as a source and a meter).
/// </summary>
internal static class MigratorTelemetry
{
    public const string Name = "Bai.Migrator";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RowsCopied =
        Meter.CreateCounter<long>("bai.migrator.rows_copied", "{row}", "Rows written to PostgreSQL");

    public static readonly Counter<long> RowsRejected =
        Meter.CreateCounter<long>("bai.migrator.rows_rejected", "{row}", "Rows that could not be loaded faithfully");

    public static readonly Counter<long> BytesRead =
        Meter.CreateCounter<long>("bai.migrator.bytes_read", "By", "Bytes of the snapshot read");

    private const string PhasePrefix = "phase ";

    /// <summary>Spans are named "{operation} {target}": "copy invoices", "phase schema".</summary>
    public static Activity? StartPhase(string phase) => Source.StartActivity(PhasePrefix + phase);

    /// <summary>The phase a span is, or null: "schema" for "phase schema".</summary>
    public static string? PhaseOf(Activity activity) =>
        activity.OperationName.StartsWith(PhasePrefix, StringComparison.Ordinal) ? activity.OperationName[PhasePrefix.Length..] : null;

    public static Activity? StartTable(string operation, string table)
    {
        var activity = Source.StartActivity($"{operation} {table}");
        activity?.SetTag("db.collection.name", table);
        return activity;
    }

    /// <summary>
    /// The finish phase's parts, each a span of its own: together they take half of a large run, so the report times
    /// them instead of the phase.
    /// </summary>
    public static class FinishSteps
    {
        public const string Phase = "finish";
        public const string KeysAndIndexes = "restore keys and indexes";
        public const string ForeignKeys = "restore foreign keys";
        public const string Identities = "restart identities";
        public const string Analyze = "analyze";

        public static readonly IReadOnlySet<string> All = new HashSet<string> { KeysAndIndexes, ForeignKeys, Identities, Analyze };
    }

    public static void RecordFailure(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.AddException(exception);
    }
}
