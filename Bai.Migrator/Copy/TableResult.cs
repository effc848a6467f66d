namespace Bai.Migrator.Copy;

/// <summary>What one table's copy did: <c>Source = Migrated + Rejected</c> must hold (data-rules.md).</summary>
/// <param name="LastId">The largest <c>id</c> written, null when none was (or the table has no <c>id</c>): what the identity restarts after.</param>
/// <param name="LastQuarantinedId">The largest valid <c>id</c> of a row the run quarantined, null when none: the identity
/// restarts after it too, so a quarantined row, fixed and inserted again with its id, cannot collide with a new row.</param>
/// <param name="Readers">How many threads read the table, each a range of its ids (<see cref="SourceParts"/>).</param>
internal sealed record TableResult(string Table, long Source, long Migrated, long Rejected, TimeSpan Elapsed, long? LastId = null, int Readers = 1, long? LastQuarantinedId = null);
