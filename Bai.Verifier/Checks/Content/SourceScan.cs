namespace Bai.Verifier.Checks.Content;

using Bai.Core.Values;

/// <summary>
/// What one pass over the source yields, per table: the checksums of the rows that should be in the target, by their
/// converted account, and the count of every row in the file by its stored account (<see cref="SourceRow.CountKey"/>).
/// </summary>
internal sealed record SourceScan(Dictionary<string, AccountChecksums> Checksums, Dictionary<string, Dictionary<string, long>> RowCounts);
