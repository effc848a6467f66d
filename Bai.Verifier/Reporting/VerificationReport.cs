namespace Bai.Verifier.Reporting;

/// <summary>
/// The JSON report: what was compared, every check's summary line and every finding kept. <see cref="SqlitePath"/> is
/// the file compared; <see cref="RunSnapshotPath"/> and <see cref="RunSnapshotSha256"/> are the snapshot the migration
/// run loaded, which a --sqlite file may not be (named apart, so the run's hash is never read as the file's).
/// <see cref="NotCompared"/>: the source's tables and columns outside the BAI model (what the migrator's --drop left
/// behind), with what they held.
/// </summary>
internal sealed record VerificationReport(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string SqlitePath,
    long? RunId,
    string? RunSnapshotPath,
    string? RunSnapshotSha256,
    IReadOnlyList<string> Checks,
    IReadOnlyList<CheckResult> Results,
    long FindingsTotal,
    long FindingsOmitted,
    IReadOnlyList<Finding> Findings,
    string Outcome,
    int ExitCode,
    IReadOnlyList<Bai.Core.Sqlite.OutsideTheModel> NotCompared)
{
    /// <summary>The database compared, as "database bai_db on HOST:PORT" (<see cref="Bai.Core.Postgres.TargetName"/>).</summary>
    public string? Target { get; init; }

    public double Seconds => (FinishedAt - StartedAt).TotalSeconds;
}
