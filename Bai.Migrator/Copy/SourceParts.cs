namespace Bai.Migrator.Copy;

using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

/// <summary>
/// Which ranges of a table's ids are read at once, each by a thread and a connection of its own, into the table's one
/// COPY. The copy's limit is its reading thread (SQLite, then data-rules.md's checks and conversions, at a full core
/// while the server's COPY and the writing thread use a fraction of another: issue 7's profile), so a large table
/// is read in parts on the cores the machine has, at most <see cref="CopyContext.Readers"/>.
/// A table is split only when that changes nothing but the time: its rows are checked each on its own (no
/// self-reference, no rule across rows such as users' emails; a parent's parts each index their own ids, joined in
/// the parts' order, which is the order of ids), its <c>id</c> is its rowid (a range is a seek, and every id is an
/// integer in exactly one range), and each part would have at least <see cref="CopyContext.RowsPerReader"/> ids.
/// </summary>
internal static class SourceParts
{
    private static readonly IdRange[] Whole = [new(null, null)];

    public static IReadOnlyList<IdRange> Plan(SqliteConnection source, TableSpec table, CopyContext context, bool checksAcrossRows)
    {
        if (context.Readers < 2 || checksAcrossRows || table.Columns[0].Name != BaiSchema.IdColumn || !IdIsRowId(source, table))
        {
            return Whole;
        }

        using var command = source.CreateCommand();
        command.CommandText = $"SELECT min(\"id\"), max(\"id\") FROM \"{table.Name}\"";
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(0))
        {
            return Whole;
        }

        // Ids from a rowid are mostly dense, so their span is close to the number of rows, and equal ranges of ids
        // are about equal numbers of rows.
        var min = reader.GetInt64(0);
        var span = (Int128)reader.GetInt64(1) - min + 1;
        var parts = (int)Int128.Min(context.Readers, span / context.RowsPerReader);
        if (parts < 2)
        {
            return Whole;
        }

        var ranges = new IdRange[parts];
        long? from = null;
        for (var i = 1; i <= parts; i++)
        {
            long? to = i == parts ? null : (long)(min + (span * i / parts));
            ranges[i - 1] = new IdRange(from, to);
            from = to;
        }

        return ranges;
    }

    /// <summary>SQLite's own answer: a range of ids is a seek on the rowid only when <c>id</c> is an alias of it
    /// (declared exactly <c>INTEGER PRIMARY KEY</c>, in a table with rowids).</summary>
    public static bool IdIsRowId(SqliteConnection source, TableSpec table)
    {
        using var command = source.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN SELECT \"id\" FROM \"{table.Name}\" WHERE \"id\" >= 0 AND \"id\" < 1";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetString(3).Contains("INTEGER PRIMARY KEY", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
