namespace Bai.Core.Sqlite;

using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

/// <summary>
/// A table or column of the file that the BAI model does not have, with what it holds: a table's rows, a column's
/// non-NULL values; null where SQLite cannot count them (a virtual table whose module this SQLite lacks).
/// </summary>
public sealed record OutsideTheModel(string Kind, string Name, long? Holds)
{
    public const string Table = "table";
    public const string Column = "column";

    /// <summary>"table audit_log (1,204 rows)", "column customers.loyalty_tier (35 values)".</summary>
    public override string ToString() => Holds is { } n ? $"{Kind} {Name} ({Counted.Of(n, Kind == Table ? "row" : "value")})" : $"{Kind} {Name}";

    /// <summary>
    /// Every table and column of the file outside the model: what --drop left behind on purpose, and what the
    /// migrator otherwise refuses as drift. Counted, since "left behind" says nothing without how much: a scan of
    /// each such table, so only files that have them pay for it.
    /// </summary>
    public static IReadOnlyList<OutsideTheModel> Find(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var found = new List<OutsideTheModel>();
        foreach (var table in LegacySchemaInspector.ReadTableNames(connection).Order(StringComparer.Ordinal))
        {
            var spec = BaiSchema.AllTables.FirstOrDefault(t => SqliteNames.Comparer.Equals(t.Name, table));
            if (spec is null)
            {
                found.Add(new(Table, table, Count(connection, $"SELECT count(*) FROM {SqliteNames.Quote(table)}")));
                continue;
            }

            foreach (var column in LegacySchemaInspector.ReadColumns(connection, table).Keys.Order(StringComparer.Ordinal))
            {
                if (!spec.Columns.Any(c => SqliteNames.Comparer.Equals(c.Name, column)))
                {
                    found.Add(new(Column, $"{spec.Name}.{column}", Count(connection, $"SELECT count({SqliteNames.Quote(column)}) FROM {SqliteNames.Quote(table)}")));
                }
            }
        }

        return found;
    }

    private static long? Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        try
        {
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // A virtual table of a module this SQLite does not have ("no such module"): named, not counted.
            return null;
        }
    }
}
