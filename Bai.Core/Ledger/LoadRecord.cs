namespace Bai.Core.Ledger;

/// <summary>What the application's tables hold: the rows a run committed, and the snapshot they came from.</summary>
public sealed record LoadRecord(long RunId, string SnapshotSha256);
