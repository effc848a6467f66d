namespace Bai.SampleData.Generation;

/// <summary>The ids <c>[First, First + Count)</c>.</summary>
internal readonly record struct IdRange(long First, int Count)
{
    public long Pick(Random random) => First + random.Next(Count);
}
