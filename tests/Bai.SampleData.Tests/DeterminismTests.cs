namespace Bai.SampleData.Tests;

public sealed class DeterminismTests : IDisposable
{
    private static readonly SampleOptions Small = new() { Accounts = 2, InvoicesPerAccount = 30, Seed = 42 };
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task The_same_options_give_byte_identical_files()
    {
        var first = await SampleGenerator.GenerateAsync(_temp.File("a.db"), Small, CancellationToken.None);
        var second = await SampleGenerator.GenerateAsync(_temp.File("b.db"), Small, CancellationToken.None);

        Assert.Equal(first.RowCounts, second.RowCounts);
        Assert.Equal(await File.ReadAllBytesAsync(first.Path, CancellationToken.None),
            await File.ReadAllBytesAsync(second.Path, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_options_with_all_damage_give_byte_identical_files_and_manifests()
    {
        var options = Small with { Damage = DamageKinds.Parse("all") };
        var first = await SampleGenerator.GenerateAsync(_temp.File("a.db"), options, CancellationToken.None);
        var second = await SampleGenerator.GenerateAsync(_temp.File("b.db"), options, CancellationToken.None);

        Assert.Equal(Describe(first.Damage), Describe(second.Damage));
        Assert.Equal(await File.ReadAllBytesAsync(first.Path, CancellationToken.None),
            await File.ReadAllBytesAsync(second.Path, CancellationToken.None));
    }

    [Fact]
    public async Task A_different_seed_gives_different_content()
    {
        var first = await SampleGenerator.GenerateAsync(_temp.File("a.db"), Small, CancellationToken.None);
        var second = await SampleGenerator.GenerateAsync(_temp.File("b.db"), Small with { Seed = 43 }, CancellationToken.None);

        var a = SqliteFile.ReadTable(first.Path, Core.Schema.BaiSchema.Customers);
        var b = SqliteFile.ReadTable(second.Path, Core.Schema.BaiSchema.Customers);
        Assert.Equal(a.Keys, b.Keys);
        Assert.NotEqual(a.Values.Select(r => r[2].ToString()), b.Values.Select(r => r[2].ToString()));
    }

    public void Dispose() => _temp.Dispose();

    internal static List<string> Describe(IEnumerable<GeneratedDamage> damage) =>
        [.. damage.Select(d => $"{d.Kind} {d.Table}#{d.RowId}.{d.Column} {new SqliteCell(d.StorageClass, d.RawValue)} => {d.Expected}")];
}
