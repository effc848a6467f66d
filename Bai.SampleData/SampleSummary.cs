namespace Bai.SampleData;

/// <summary>What a generation produced: rows per table as found in the file at the end, and every damage added.</summary>
public sealed record SampleSummary(
    string Path,
    IReadOnlyDictionary<string, long> RowCounts,
    IReadOnlyList<GeneratedDamage> Damage)
{
    public long TotalRows => RowCounts.Values.Sum();
}
