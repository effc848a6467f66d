namespace Bai.Core.Postgres;

using Bai.Core.Schema;
using Npgsql;

/// <summary>Which of BAI's tables exist in the target, as the connection's search_path finds them.</summary>
public static class TargetTables
{
    /// <summary>The BAI tables that exist, in the model's order.</summary>
    public static async Task<IReadOnlyList<string>> ExistingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT t FROM unnest($1::text[]) WITH ORDINALITY AS u(t, o) WHERE to_regclass(quote_ident(t)) IS NOT NULL ORDER BY o",
            connection, transaction);
        command.Parameters.AddWithValue(BaiSchema.AllTables.Select(t => t.Name).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var existing = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            existing.Add(reader.GetString(0));
        }

        return existing;
    }
}
