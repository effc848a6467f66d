namespace Bai.Core.Ledger;

/// <summary>One migration run as the ledger remembers it.</summary>
public sealed record RunRecord(
    long Id,
    string SnapshotSha256,
    string SourcePath,
    string SnapshotPath,
    string BadRowsPolicy,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Phase,
    string Status,
    string? TraceParent,
    string? Counts,
    string? Message)
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}
