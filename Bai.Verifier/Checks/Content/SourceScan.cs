namespace Bai.Verifier.Checks.Content;

using System.IO.Hashing;
using System.Runtime.InteropServices;
using Bai.Core.Values;

/// <summary>
/// What one pass over the source yields, per table: the checksums of the rows that should be in the target, by their
/// converted account; the count of every row in the file by its stored account (<see cref="SourceRow.CountKey"/>),
/// for <see cref="CountsCheck"/>; and for each sampled account a checksum of the ids of its rows the run did not
/// quarantine, for <see cref="IsolationCheck"/> (<see cref="HashId"/>).
/// </summary>
internal sealed record SourceScan(
    Dictionary<string, AccountChecksums> Checksums,
    Dictionary<string, Dictionary<string, long>> RowCounts,
    Dictionary<string, Dictionary<string, TableChecksum>> SampledIds)
{
    /// <summary>An id as one element of an order-independent set checksum (<see cref="TableChecksum"/>).</summary>
    public static RowHash HashId(long id) => new(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(new ReadOnlySpan<long>(in id))));
}
