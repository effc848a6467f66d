namespace Bai.Verifier;

using Bai.Core.Schema;
using Npgsql;

/// <summary>
/// The rows the run being verified rejected (<c>bai_migration.rejected_rows</c>, issue 4 "plus rejected rows"): by
/// table, their SQLite rowids (which the source side skips) and how many per account (for source = migrated + rejected).
/// </summary>
internal sealed class Quarantine
{
    private readonly Dictionary<string, HashSet<long>> rowIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> perAccount = new(StringComparer.Ordinal);

    public static Quarantine Empty { get; } = new();

    public long Total { get; private set; }

    public static async Task<Quarantine> LoadAsync(NpgsqlConnection connection, long? runId, CancellationToken cancellationToken)
    {
        var quarantine = new Quarantine();
        if (runId is null)
        {
            return quarantine;
        }

        // The account from the row's raw account_id (a number's value is written as its text form), not the account_id
        // column: earlier migrators left that NULL for a numeric account_id, which the source side counts under its digits.
        await using var command = new NpgsqlCommand(
            $"SELECT table_name, source_row_id, raw_values -> 'account_id' ->> 'value' FROM {BaiSchema.ToolSchema}.rejected_rows WHERE run_id = $1", connection);
        command.Parameters.AddWithValue(runId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            quarantine.Add(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return quarantine;
    }

    public bool Contains(string table, long rowId) => rowIds.TryGetValue(table, out var ids) && ids.Contains(rowId);

    public bool HasRows(string table) => rowIds.ContainsKey(table);

    public long Count(string table) => rowIds.TryGetValue(table, out var ids) ? ids.Count : 0;

    /// <summary>Rejected rows of <paramref name="table"/> by <see cref="AccountKey"/>.</summary>
    public IReadOnlyDictionary<string, long> CountsByAccount(string table) =>
        perAccount.TryGetValue(table, out var counts) ? counts : new Dictionary<string, long>();

    private void Add(string table, long rowId, string? account)
    {
        if (!rowIds.TryGetValue(table, out var ids))
        {
            rowIds[table] = ids = [];
            perAccount[table] = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        if (ids.Add(rowId))
        {
            Total++;
            var key = AccountKey.Of(account);
            perAccount[table][key] = perAccount[table].GetValueOrDefault(key) + 1;
        }
    }
}
