namespace Bai.Verifier.Checks.Schema;

using System.Text.Json;
using Npgsql;

/// <summary>
/// The model's store types and CHECK expressions as PostgreSQL itself spells them, so they compare as text with
/// what the catalog shows (<c>format_type</c>, <c>pg_get_expr</c>): EF writes <c>invoice_account_id = account_id</c>,
/// the catalog holds <c>((invoice_account_id)::text = (account_id)::text)</c>. <c>EXPLAIN (VERBOSE)</c> of a query
/// that selects them parses them and prints them back with the same deparser as the catalog's functions, and runs
/// nothing: no object is created, so a role that can only read is enough.
/// </summary>
internal static class PostgresSpelling
{
    /// <summary><c>timestamp</c> → <c>timestamp without time zone</c>, <c>varchar(3)</c> → <c>character varying(3)</c>: each type as format_type names it.</summary>
    public static async Task<Dictionary<string, string>> TypesAsync(NpgsqlConnection connection, IReadOnlyList<string> storeTypes, CancellationToken cancellationToken)
    {
        // A NULL cast to the type keeps its modifiers and is printed back as NULL::<format_type>.
        var output = await ExplainOutputAsync(connection, $"SELECT {string.Join(", ", storeTypes.Select(t => $"NULL::{t}"))}", cancellationToken);
        return storeTypes.Zip(output, (type, spelled) => (type, spelled["NULL::".Length..])).ToDictionary(p => p.type, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>
    /// Each CHECK expression of <paramref name="table"/> as <c>pg_get_expr</c> shows it, parsed against the table's
    /// columns as they are in the target. When one cannot be parsed there (a column it names is missing), all keep
    /// the model's text, which then differs from whatever the target holds; the missing column is a finding itself.
    /// Parsed with only pg_catalog on the search_path, as on the clean database the migration created them in: an
    /// operator someone created in public for varchar took the place of PostgreSQL's <c>=</c> in the model's side
    /// (EXPLAIN inlined its function), and the target's CHECKs, which were right, read as different from the model's.
    /// The operator is a finding of its own. Inside a savepoint, whose rollback ends the setting and any error with it:
    /// the schema check's transaction goes on.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ChecksAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> expressions, CancellationToken cancellationToken)
    {
        await using var qualify = new NpgsqlCommand(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(quote_ident($1))",
            connection);
        qualify.Parameters.AddWithValue(table);
        if (await qualify.ExecuteScalarAsync(cancellationToken) is not string qualified)
        {
            return expressions;
        }

        await ExecuteAsync(connection, "SAVEPOINT bai_check_spelling", cancellationToken);
        try
        {
            await ExecuteAsync(connection, "SELECT set_config('search_path', 'pg_catalog', true)", cancellationToken);
            return await ExplainOutputAsync(connection, $"SELECT {string.Join(", ", expressions.Select(e => $"({e})"))} FROM ONLY {qualified}", cancellationToken);
        }
        catch (PostgresException)
        {
            return expressions;
        }
        finally
        {
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT bai_check_spelling", cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> ExplainOutputAsync(NpgsqlConnection connection, string query, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"EXPLAIN (VERBOSE, FORMAT JSON) {query}", connection);
        var plan = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        using var json = JsonDocument.Parse(plan);
        return [.. json.RootElement[0].GetProperty("Plan").GetProperty("Output").EnumerateArray().Select(o => o.GetString()!)];
    }
}
