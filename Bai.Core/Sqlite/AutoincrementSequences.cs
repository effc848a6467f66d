namespace Bai.Core.Sqlite;

using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

/// <summary>
/// The largest id SQLite has handed out in each BAI table declared <c>AUTOINCREMENT</c> (SQLAlchemy's
/// <c>sqlite_autoincrement=True</c>), which it keeps in <c>sqlite_sequence</c>: such a table never hands out an id twice,
/// a deleted row's included (https://www.sqlite.org/autoinc.html). The target's identity continues after it, not only
/// after the largest id left, or the application would be given the ids of deleted invoices again.
/// </summary>
public static class AutoincrementSequences
{
    /// <summary>Each BAI table's handed-out id, by the model's table name; empty for a file without AUTOINCREMENT.</summary>
    public static IReadOnlyDictionary<string, long> Read(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        // sqlite_sequence exists once a table declared AUTOINCREMENT does; its columns are untyped, and anything but an
        // integer is nothing SQLite itself would count on.
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return found;
        }

        command.CommandText = "SELECT name, seq FROM sqlite_sequence WHERE typeof(name) = 'text' AND typeof(seq) = 'integer'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (BaiSchema.TenantTables.FirstOrDefault(t => SqliteNames.Comparer.Equals(t.Name, reader.GetString(0))) is { } table)
            {
                var seq = reader.GetInt64(1);
                found[table.Name] = found.TryGetValue(table.Name, out var other) ? Math.Max(other, seq) : seq;
            }
        }

        return found;
    }
}
