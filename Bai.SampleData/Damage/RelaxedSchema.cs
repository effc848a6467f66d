using Bai.Core.Schema;

namespace Bai.SampleData.Damage;

/// <summary>
/// Swaps the tenant tables' declared schema for one without types and NOT NULL while damage is written,
/// then puts the original text back. SQLite applies column affinity and NOT NULL when a value is written,
/// so this is the only way to store, say, TEXT <c>'7'</c> in an INTEGER column or NULL in a NOT NULL one,
/// the states years of schema changes, imports and hand-run fixes leave in real files. The stored records
/// do not change shape (same columns, same order, <c>id</c> stays the rowid alias).
/// </summary>
/// <remarks>
/// The technique of <see href="https://www.sqlite.org/lang_altertable.html#otheralter">"Making other kinds of
/// table schema changes"</see>: update <c>sqlite_schema</c> under <c>writable_schema</c>, bump
/// <c>schema_version</c>; a new connection then reads the new schema.
/// </remarks>
public static class RelaxedSchema
{
    public static async Task<IReadOnlyDictionary<string, string>> RelaxAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await SampleDatabase.OpenAsync(path, fast: true, cancellationToken);
        var original = new Dictionary<string, string>();
        foreach (var table in BaiSchema.TenantTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $name";
            command.Parameters.AddWithValue("$name", table.Name);
            original[table.Name] = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var relaxed = BaiSchema.TenantTables.ToDictionary(t => t.Name, Untyped);
        await RewriteAsync(path, relaxed, cancellationToken);
        return original;
    }

    public static Task RestoreAsync(string path, IReadOnlyDictionary<string, string> original, CancellationToken cancellationToken) =>
        RewriteAsync(path, original, cancellationToken);

    private static string Untyped(TableSpec table) =>
        $"CREATE TABLE {table.Name} (id INTEGER NOT NULL, {string.Join(", ", table.Columns.Skip(1).Select(c => c.Name))}, PRIMARY KEY (id))";

    private static async Task RewriteAsync(string path, IReadOnlyDictionary<string, string> sqlByTable, CancellationToken cancellationToken)
    {
        await using var connection = await SampleDatabase.OpenAsync(path, fast: true, cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA schema_version";
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        command.CommandText = "PRAGMA writable_schema = ON";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "UPDATE sqlite_master SET sql = $sql WHERE type = 'table' AND name = $name";
        var sql = command.Parameters.Add("$sql", Microsoft.Data.Sqlite.SqliteType.Text);
        var name = command.Parameters.Add("$name", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var (table, text) in sqlByTable.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sql.Value = text;
            name.Value = table;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        command.Parameters.Clear();
        command.CommandText = $"PRAGMA schema_version = {version + 1}; PRAGMA writable_schema = OFF;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
