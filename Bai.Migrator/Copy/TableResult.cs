namespace Bai.Migrator.Copy;

/// <summary>What one table's copy did: <c>Source = Migrated + Rejected</c> must hold (data-rules.md).</summary>
internal sealed record TableResult(string Table, long Source, long Migrated, long Rejected, TimeSpan Elapsed);
