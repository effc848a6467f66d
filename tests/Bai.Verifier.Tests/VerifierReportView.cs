namespace Bai.Verifier.Tests;

using Bai.Verifier.Reporting;

/// <summary>The JSON report as the tests read it back: what a user or a script would see.</summary>
internal sealed record VerifierReportView(
    long? RunId,
    string SqlitePath,
    string? RunSnapshotPath,
    string? RunSnapshotSha256,
    IReadOnlyList<CheckResult> Results,
    long FindingsTotal,
    IReadOnlyList<Finding> Findings,
    string Outcome,
    int ExitCode,
    string? Target);
