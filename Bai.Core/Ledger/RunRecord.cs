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

    /// <summary>
    /// The copy committed and its count check passed, and the run's own verification has not finished: under way, or
    /// stopped (interrupted, refused a connection, cancelled at a limit; the message says why), or the process ended
    /// during it. Not "completed", which a reader takes for verified. The target holds the snapshot's rows as a
    /// completed run's, so the next run of the same snapshot counts and verifies them without copying again.
    /// </summary>
    public const string Copied = "copied";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}
