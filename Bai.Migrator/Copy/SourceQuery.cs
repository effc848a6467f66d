namespace Bai.Migrator.Copy;

using Bai.Core.Schema;

/// <summary>
/// The SELECT that streams a table from the snapshot: the rowid (it names a row even when <c>id</c> is damaged),
/// then the model's columns in model order. Names come from <see cref="BaiSchema"/>, never from the file.
/// Rows come in id order (for a BAI table <c>id</c> is the rowid, so that is the table's own order and costs
/// nothing), which keeps the parents' indexes sorted and puts any repeated id right after its first occurrence.
/// A part of a table (<see cref="SourceParts"/>) is the rows whose id is in its range, in the same order.
/// </summary>
internal static class SourceQuery
{
    public static string For(TableSpec table, IdRange? range = null)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        var order = table.Columns[0].Name == BaiSchema.IdColumn ? "\"id\", rowid" : "rowid";
        return $"SELECT rowid, {columns} FROM \"{table.Name}\"{range?.Where()} ORDER BY {order}";
    }
}

/// <summary>
/// Ids from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive); an open end takes every id past
/// it. Only for a table whose <c>id</c> is its rowid, so every id is an integer and the ranges of a table's parts,
/// open at both outer ends, hold every row exactly once.
/// </summary>
internal readonly record struct IdRange(long? From, long? To)
{
    public string Where() => (From, To) switch
    {
        (null, null) => "",
        ({ } from, null) => $" WHERE \"id\" >= {from}",
        (null, { } to) => $" WHERE \"id\" < {to}",
        ({ } from, { } to) => $" WHERE \"id\" >= {from} AND \"id\" < {to}",
    };
}
