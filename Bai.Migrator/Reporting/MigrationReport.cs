namespace Bai.Migrator.Reporting;

using Bai.Core.Sqlite;
using Bai.Migrator.Pipeline;

/// <summary>
/// What a run did, for people (the summary) and machines (the JSON report). <see cref="Dropped"/>: the tables and columns
/// --drop left behind, with the rows or values each held.
/// </summary>
internal sealed record MigrationReport(
    long? RunId,
    string Outcome,
    int ExitCode,
    string Source,
    string? SnapshotPath,
    string? SnapshotSha256,
    string BadRowsPolicy,
    bool NothingToDo,
    IReadOnlyList<TableReport> Tables,
    IReadOnlyList<ProblemGroup> Problems,
    long RejectedRows,
    bool RejectedRowsTruncated,
    IReadOnlyList<RejectedRowReport> RejectedRowList,
    IReadOnlyList<DriftFinding> Drift,
    IReadOnlyList<SchemaObject> LeftBehind,
    IReadOnlyList<OutsideTheModel> Dropped,
    IReadOnlyList<CountMismatch> CountMismatches,
    IReadOnlyList<StepTiming> Timings)
{
    /// <summary>The database written to, as "database bai_db on HOST:PORT" (<see cref="Bai.Core.Postgres.TargetName"/>).</summary>
    public string? Target { get; init; }

    /// <summary>The live source was written to after the run began: those writes are not in the target.</summary>
    public bool SourceChangedDuringRun { get; init; }
}
