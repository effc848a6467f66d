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
    /// </summary>
    public static async Task<IReadOnlyList<string>> ChecksAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> expressions, CancellationToken cancellationToken)
    {
        try
        {
            var sql = $"SELECT {string.Join(", ", expressions.Select(e => $"({e})"))} FROM ONLY {QuoteIdentifier(table)}";
            return await ExplainOutputAsync(connection, sql, cancellationToken);
        }
        catch (PostgresException)
        {
            return expressions;
        }
    }

    private static async Task<IReadOnlyList<string>> ExplainOutputAsync(NpgsqlConnection connection, string query, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"EXPLAIN (VERBOSE, FORMAT JSON) {query}", connection);
        var plan = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        using var json = JsonDocument.Parse(plan);
        return [.. json.RootElement[0].GetProperty("Plan").GetProperty("Output").EnumerateArray().Select(o => o.GetString()!)];
    }

    private static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
