namespace Bai.Core.Ledger;

/// <summary>One run of the migrator, as its ledger remembers it (the tool's own schema, never the app's).</summary>
public sealed class MigrationRun
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the snapshot the run read: a rerun with the same hash resumes or does nothing.</summary>
    public required string SnapshotSha256 { get; set; }

    public required string SourcePath { get; set; }
    public required string SnapshotPath { get; set; }
    public required string BadRowsPolicy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The last phase the run entered (snapshot, connect, schema, copy, finish, check, completed).</summary>
    public required string Phase { get; set; }

    /// <summary>running, completed or failed.</summary>
    public required string Status { get; set; }

    /// <summary>W3C traceparent of the run's root span, so the verifier's trace can link to it.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Per-table counts as JSON: source, migrated and rejected rows.</summary>
    public string? Counts { get; set; }
}
