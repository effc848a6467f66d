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

    /// <summary>
    /// A drifted table whose id is not its rowid can hold one id twice (INTEGER 5 and TEXT '5'): the first loads, the
    /// second is rejected as a duplicate and indexed too. A child's lookup of that id finds the row that loaded, as the
    /// target holds it, whichever the sort puts first; it found either, and a child of a loaded row was rejected as the
    /// child of a rejected one.
    /// </summary>
    [Fact]
    public void An_id_indexed_twice_is_the_row_that_loads_whichever_the_sort_puts_first()
    {
        var index = new ParentIndex();
        var ids = Enumerable.Range(1, 200).Select(i => (long)i).ToList();
        foreach (var id in ids)
        {
            index.Add(id, (int)(id % 3));
        }

        // The duplicates, read after the rows that loaded, rejected with an account of their own or an unknown one.
        foreach (var id in ids.Where(i => i % 2 == 0))
        {
            index.Add(id, ParentIndex.RejectedOf(id % 4 == 0 ? 7 : -1));
        }

        index.Seal();

        Assert.All(ids, id =>
        {
            Assert.True(index.TryGetAccount(id, out var found), $"id {id} not found");
            Assert.Equal((int)(id % 3), found);
        });
    }

    /// <summary>An id only rejected rows have: rejected, with their account when they agree on it, else an unknown one
    /// (no account to call a child's link cross-account by).</summary>
    [Fact]
    public void An_id_only_rejected_rows_have_stays_rejected()
    {
        var index = new ParentIndex();
        foreach (var id in Enumerable.Range(1, 100))
        {
            index.Add(id, ParentIndex.RejectedOf(2));
            index.Add(id, ParentIndex.RejectedOf(id % 2 == 0 ? 2 : 5));
        }

        index.Seal();

        Assert.All(Enumerable.Range(1, 100), id =>
        {
            Assert.True(index.TryGetAccount(id, out var found));
            Assert.Equal(id % 2 == 0 ? ParentIndex.RejectedOf(2) : ParentIndex.RejectedOf(-1), found);
        });
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
