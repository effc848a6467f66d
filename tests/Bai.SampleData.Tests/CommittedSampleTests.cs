using Bai.Core.Schema;

namespace Bai.SampleData.Tests;

public sealed class CommittedSampleTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Regenerating_the_committed_sample_gives_the_same_content()
    {
        var committed = Path.Combine(RepositoryRoot(), "samples", "bai-sample.db");
        var regenerated = await SampleGenerator.GenerateAsync(_temp.File("sample.db"), SampleOptions.CommittedSample, CancellationToken.None);

        foreach (var table in BaiSchema.AllTables)
        {
            var expected = SqliteFile.ReadTable(committed, table);
            var actual = SqliteFile.ReadTable(regenerated.Path, table);
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var (id, row) in expected)
            {
                Assert.Equal(row.Select(c => c.ToString()), actual[id].Select(c => c.ToString()));
            }
        }

        // Same statements, same bytes, except bytes 96-99 of the header: the version number of the SQLite
        // library that last wrote the file (https://www.sqlite.org/fileformat2.html#database_header).
        var expectedBytes = await File.ReadAllBytesAsync(committed, CancellationToken.None);
        var actualBytes = await File.ReadAllBytesAsync(regenerated.Path, CancellationToken.None);
        expectedBytes.AsSpan(96, 4).Clear();
        actualBytes.AsSpan(96, 4).Clear();
        Assert.True(expectedBytes.AsSpan().SequenceEqual(actualBytes), "The committed sample differs from a fresh generation byte-wise.");
    }

    [Fact]
    public void The_committed_sample_is_small_and_clean()
    {
        var committed = new FileInfo(Path.Combine(RepositoryRoot(), "samples", "bai-sample.db"));

        Assert.True(committed.Length < 2 * 1024 * 1024, $"{committed.Length} bytes");
        Assert.Empty(SampleOptions.CommittedSample.Damage);
    }

    public void Dispose() => _temp.Dispose();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bai.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: no Bai.sln above " + AppContext.BaseDirectory);
    }
}
