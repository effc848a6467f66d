using Bai.Core.Schema;

namespace Bai.SampleData.Tests;

/// <summary>Cell by cell differences between two generated files over the BAI tables both hold.</summary>
public static class FileDiff
{
    public static (List<(string Table, long Id, string Column)> Changed, List<(string Table, long Id)> Added, List<(string Table, long Id)> Removed)
        Compare(string before, string after)
    {
        var changed = new List<(string, long, string)>();
        var added = new List<(string, long)>();
        var removed = new List<(string, long)>();
        foreach (var table in BaiSchema.TenantTables.Where(t => SqliteFile.HasTable(before, t.Name) && SqliteFile.HasTable(after, t.Name)))
        {
            var a = SqliteFile.ReadTable(before, table);
            var b = SqliteFile.ReadTable(after, table);
            added.AddRange(b.Keys.Except(a.Keys).Select(id => (table.Name, id)));
            removed.AddRange(a.Keys.Except(b.Keys).Select(id => (table.Name, id)));
            foreach (var (id, row) in a)
            {
                if (!b.TryGetValue(id, out var other))
                {
                    continue;
                }

                for (var i = 0; i < row.Length; i++)
                {
                    if (!row[i].Matches(other[i].StorageClass, other[i].Value))
                    {
                        changed.Add((table.Name, id, table.Columns[i].Name));
                    }
                }
            }
        }

        return (changed, added, removed);
    }
}
