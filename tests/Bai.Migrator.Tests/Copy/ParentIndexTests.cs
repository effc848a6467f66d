namespace Bai.Migrator.Tests.Copy;

using Bai.Migrator.Copy;

public sealed class ParentIndexTests
{
    [Fact]
    public void Every_id_is_found_with_its_account_and_no_other_whatever_the_gaps_and_order()
    {
        var random = new Random(7);
        foreach (var shape in new[] { "dense", "gaps", "unsorted", "extremes" })
        {
            var rows = Ids(shape, random).Select(id => (Id: id, Account: random.Next(0, 50))).ToList();
            var index = new ParentIndex();
            foreach (var (id, account) in rows)
            {
                index.Add(id, account);
            }

            index.Seal();

            foreach (var (id, account) in rows)
            {
                Assert.True(index.TryGetAccount(id, out var found), $"{shape}: id {id} not found");
                Assert.Equal(account, found);
            }

            var present = rows.Select(r => r.Id).ToHashSet();
            foreach (var absent in Probes(rows).Where(p => !present.Contains(p)))
            {
                Assert.False(index.TryGetAccount(absent, out _), $"{shape}: id {absent} found but never added");
            }
        }
    }

    [Fact]
    public void Parts_joined_find_every_id_as_one_index_of_all_of_them_does()
    {
        var random = new Random(11);
        foreach (var shape in new[] { "dense", "gaps", "unsorted", "extremes" })
        {
            var rows = Ids(shape, random).Select(id => (Id: id, Account: random.Next(0, 50))).ToList();
            // Three parts of the rows in their order (the last one empty when there are few), as the copy's readers index them.
            var third = (rows.Count + 2) / 3;
            var parts = Enumerable.Range(0, 3).Select(p => rows.Skip(p * third).Take(third)).Select(part =>
            {
                var index = new ParentIndex();
                foreach (var (id, account) in part)
                {
                    index.Add(id, account);
                }

                return index;
            }).ToList();
            var joined = new ParentIndex();
            joined.AddAll(parts);
            joined.Seal();

            foreach (var (id, account) in rows)
            {
                Assert.True(joined.TryGetAccount(id, out var found), $"{shape}: id {id} not found");
                Assert.Equal(account, found);
            }

            var present = rows.Select(r => r.Id).ToHashSet();
            Assert.All(Probes(rows).Where(p => !present.Contains(p)), absent => Assert.False(joined.TryGetAccount(absent, out _), $"{shape}: {absent}"));
        }
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        var index = new ParentIndex();
        index.Seal();

        Assert.False(index.TryGetAccount(0, out _));
        Assert.False(index.TryGetAccount(long.MinValue, out _));
    }

    private static IEnumerable<long> Ids(string shape, Random random) => shape switch
    {
        "dense" => Enumerable.Range(1, 5000).Select(i => (long)i),
        // Deleted rows: the guessed slot holds a larger id past the first gap.
        "gaps" => Enumerable.Range(1, 5000).Where(i => i % 7 != 0 && i % 113 != 5).Select(i => (long)i),
        "unsorted" => Enumerable.Range(1, 3000).Select(i => (long)i * 3).OrderBy(_ => random.Next()),
        _ => [long.MinValue, -5, 0, 1, 2, 3, long.MaxValue - 1, long.MaxValue],
    };

    /// <summary>Ids around every added one and at the ends of the range.</summary>
    private static IEnumerable<long> Probes(List<(long Id, int Account)> rows) =>
        rows.SelectMany(r => new[] { unchecked(r.Id - 1), unchecked(r.Id + 1) }).Concat([long.MinValue, long.MaxValue, 0, -1]);
}
