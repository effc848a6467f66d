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

    /// <summary>Spans are named "{operation} {target}": "copy invoices", "phase schema".</summary>
    public static Activity? StartPhase(string phase) => Source.StartActivity($"phase {phase}");

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
