namespace Bai.Core.Tests;

/// <summary>
/// How the disk sentences say sizes. Apart from <see cref="DiskSpaceTests"/>, whose every test mounts a tmpfs first:
/// these need no disk, and as a user who may not mount they failed with the mount (README "Tests").
/// </summary>
public sealed class DiskSpaceSizeTests
{
    [Theory]
    [InlineData(1L, "1 MB")]
    [InlineData(682_848_256L, "652 MB")]
    [InlineData(1_570_550_988L, "1.5 GB")]
    public void Sizes_read_as_a_person_reads_them(long bytes, string shown) => Assert.Equal(shown, DiskSpace.Describe(bytes));

    [Theory]
    [InlineData(1_048_000L, 524_000L, "1,048,000 bytes", "524,000 bytes")]
    [InlineData(682_848_256L, 104_857_600L, "652 MB", "100 MB")]
    public void A_shortfall_reads_as_two_different_sizes(long needed, long available, string neededShown, string availableShown) =>
        Assert.Equal((neededShown, availableShown), DiskSpace.DescribeShortfall(needed, available));
}
