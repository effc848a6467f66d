namespace Bai.Migrator.Copy;

using Bai.Core.Schema;

/// <summary>
/// The SELECT that streams a table from the snapshot: the rowid (it names a row even when <c>id</c> is damaged),
/// then the model's columns in model order. Names come from <see cref="BaiSchema"/>, never from the file.
/// Rows come in id order (for a BAI table <c>id</c> is the rowid, so that is the table's own order and costs
/// nothing), which keeps the parents' indexes sorted and puts any repeated id right after its first occurrence.
/// </summary>
internal static class SourceQuery
{
    public static string For(TableSpec table)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        var order = table.Columns[0].Name == BaiSchema.IdColumn ? "\"id\", rowid" : "rowid";
        return $"SELECT rowid, {columns} FROM \"{table.Name}\" ORDER BY {order}";
    }
}
