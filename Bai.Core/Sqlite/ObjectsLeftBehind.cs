namespace Bai.Core.Sqlite;

using System.Text.RegularExpressions;
using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

/// <summary>A view, trigger or index of the file that the migration does not carry over, with its SQLite SQL.</summary>
public sealed record SchemaObject(string Type, string Name, string Table, string? Sql)
{
    /// <summary>
    /// "trigger X on T", "index X on T", but "view V": a view's tbl_name in sqlite_master is the view itself, so "on" would
    /// name it twice ("view v_open on v_open"). A method, not a property, so the report's JSON keeps its four fields.
    /// </summary>
    public string Describe() => Type == "view" ? $"view {Name}" : $"{Type} {Name} on {Table}";
}

/// <summary>
/// The file's views, triggers and indexes that legacy-bai-sqlite.sql does not define: what an application added for
/// itself (a report's view, an <c>updated_at</c> trigger, an index for a slow query). The target's objects come from the
/// model (target-schema.md), so these are not carried over. No row is lost, but a query or a behaviour the application
/// relies on could be: they are named, with their SQL, so a team can rebuild what it needs on PostgreSQL. The objects of
/// a table left behind with <c>--drop</c> go with it.
/// </summary>
public static partial class ObjectsLeftBehind
{
    private static readonly HashSet<string> LegacyIndexes =
        new(IndexName().Matches(LegacySchemaScript.Text).Select(m => m.Groups[1].Value), SqliteNames.Comparer);

    public static IReadOnlyList<SchemaObject> Find(SqliteConnection connection, IReadOnlySet<string> dropped)
    {
        var droppedNames = new HashSet<string>(dropped, SqliteNames.Comparer);
        using var command = connection.CreateCommand();
        // sqlite_autoindex_* (a UNIQUE or PRIMARY KEY constraint's own index) has no SQL: the constraint is the model's.
        command.CommandText =
            """
            SELECT type, name, tbl_name, sql FROM sqlite_master
            WHERE type IN ('view', 'trigger', 'index') AND sql IS NOT NULL
            ORDER BY CASE type WHEN 'view' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END, tbl_name, name
            """;
        using var reader = command.ExecuteReader();
        var objects = new List<SchemaObject>();
        while (reader.Read())
        {
            var (type, name, table) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            if ((type == "index" && LegacyIndexes.Contains(name)) || droppedNames.Contains(table))
            {
                continue;
            }

            objects.Add(new SchemaObject(type, name, table, reader.GetString(3)));
        }

        return objects;
    }

    [GeneratedRegex(@"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex IndexName();
}
