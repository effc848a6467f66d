namespace Bai.Verifier.Checks.Content;

using Bai.Core.Values;

/// <summary>
/// One target table as the content check's scan read it: the checksums per account, and on the way the largest id
/// (null: no rows, or a table without ids), which the sequences check would otherwise find with a scan of its own.
/// </summary>
internal sealed record TargetTableScan(AccountChecksums Checksums, long? MaxId);
