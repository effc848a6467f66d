namespace Bai.Verifier.Reporting;

/// <summary>
/// The JSON report: what was compared, every check's summary line and every finding kept. <see cref="NotCompared"/>:
/// the source's tables and columns outside the BAI model (what the migrator's --drop left behind), with what they held.
/// </summary>
internal sealed record VerificationReport(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string SqlitePath,
    long? RunId,
    string? SnapshotSha256,
    IReadOnlyList<string> Checks,
    IReadOnlyList<CheckResult> Results,
    long FindingsTotal,
    long FindingsOmitted,
    IReadOnlyList<Finding> Findings,
    string Outcome,
    int ExitCode,
    IReadOnlyList<Bai.Core.Sqlite.OutsideTheModel> NotCompared)
{
    public double Seconds => (FinishedAt - StartedAt).TotalSeconds;
}
