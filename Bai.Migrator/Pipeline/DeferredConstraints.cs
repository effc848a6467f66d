namespace Bai.Migrator.Pipeline;

using Bai.Core.Schema;
using Npgsql;

/// <summary>
/// The keys, indexes and foreign keys of the application's tables, taken off for the load and put back after it,
/// exactly as the EF migration defined them (their definitions are read back from pg_catalog, not rewritten).
/// Building an index once over loaded rows is far cheaper than maintaining it row by row, and checking a foreign
/// key once is far cheaper than a trigger per row. All of it happens inside the copy's transaction, so a crash can
/// never leave a table without its keys.
/// </summary>
internal sealed record DeferredConstraints(IReadOnlyList<DeferredConstraints.Definition> Definitions)
{
    /// <summary>
    /// A constraint (<c>p</c>, <c>u</c>, <c>f</c>) or a plain index (<c>i</c>). Table and name come from PostgreSQL
    /// already quoted (<c>regclass::text</c>, <c>quote_ident</c>), so they go into SQL as they are.
    /// </summary>
    internal sealed record Definition(string Table, string Name, char Kind, string Sql);

    private static readonly string[] Tables = [.. BaiSchema.AllTables.Select(t => t.Name)];

    public static async Task<DeferredConstraints> DropAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var definitions = new List<Definition>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT c.conrelid::regclass::text, quote_ident(c.conname), c.contype::text, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.conrelid = ANY (SELECT to_regclass(t)::oid FROM unnest($1::text[]) AS t) AND c.contype IN ('p', 'u', 'f')
            UNION ALL
            SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, 'i', pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY (SELECT to_regclass(t)::oid FROM unnest($1::text[]) AS t)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
            """, connection, transaction))
        {
            command.Parameters.AddWithValue(Tables);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                definitions.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2)[0], reader.GetString(3)));
            }
        }

        // Foreign keys go first: a key that a foreign key depends on cannot be dropped before it.
        foreach (var d in definitions.OrderBy(d => d.Kind == 'f' ? 0 : 1))
        {
            var sql = d.Kind == 'i'
                ? $"DROP INDEX {d.Name}"
                : $"ALTER TABLE {d.Table} DROP CONSTRAINT {d.Name}";
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
        }

        return new DeferredConstraints(definitions);
    }

    /// <summary>Keys first (the foreign keys need them), then the other unique constraints, then the plain indexes.</summary>
    public async Task RestoreKeysAndIndexesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Func<Definition, Task>? onEach, CancellationToken cancellationToken)
    {
        foreach (var d in Definitions.Where(d => d.Kind != 'f').OrderBy(d => d.Kind switch { 'p' => 0, 'u' => 1, _ => 2 }))
        {
            await RestoreAsync(connection, transaction, d, onEach, cancellationToken);
        }
    }

    /// <summary>The foreign keys, each validated against every loaded row as it is added; their keys must be back first.</summary>
    public async Task RestoreForeignKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Func<Definition, Task>? onEach, CancellationToken cancellationToken)
    {
        foreach (var d in Definitions.Where(d => d.Kind == 'f'))
        {
            await RestoreAsync(connection, transaction, d, onEach, cancellationToken);
        }
    }

    private static async Task RestoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Definition d, Func<Definition, Task>? onEach, CancellationToken cancellationToken)
    {
        var sql = d.Kind == 'i'
            ? d.Sql
            : $"ALTER TABLE {d.Table} ADD CONSTRAINT {d.Name} {d.Sql}";
        await ExecuteAsync(connection, transaction, sql, cancellationToken);
        if (onEach is not null)
        {
            await onEach(d);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
