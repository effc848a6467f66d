namespace Bai.Verifier.Reporting;

/// <summary>The JSON report: what was compared, every check's summary line and every finding kept.</summary>
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
    int ExitCode)
{
    public double Seconds => (FinishedAt - StartedAt).TotalSeconds;
}
