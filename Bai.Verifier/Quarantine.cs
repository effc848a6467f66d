namespace Bai.Verifier;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bai.Core.Schema;
using Bai.Core.Values;
using Npgsql;

/// <summary>
/// The rows the run being verified rejected (<c>bai_migration.rejected_rows</c>, issue 4 "plus rejected rows"): by
/// table, their SQLite rowids (which the source side skips), how many per account (for source = migrated + rejected),
/// and for each what the content scan holds against its source row (<see cref="QuarantinedRow"/>): a quarantine is
/// the migrator's word that a row could not load, and a row listed there that is not the source row, or is listed
/// for no reason, would otherwise be missing from the target unseen.
/// </summary>
internal sealed class Quarantine
{
    private readonly Dictionary<string, Dictionary<long, QuarantinedRow>> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> perAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Id, string? Account)> largestIds = new(StringComparer.Ordinal);

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
            $"""
            SELECT table_name, source_row_id, raw_values -> 'account_id' ->> 'value', raw_values::text,
                   CASE jsonb_typeof(reasons) WHEN 'array' THEN ARRAY(SELECT r ->> 'code' FROM jsonb_array_elements(reasons) AS r) END
            FROM {BaiSchema.ToolSchema}.rejected_rows WHERE run_id = $1
            """, connection);
        command.Parameters.AddWithValue(runId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            var codes = reader.IsDBNull(4) ? [] : reader.GetFieldValue<string?[]>(4).OfType<string>().ToArray();
            var account = reader.IsDBNull(2) ? null : reader.GetString(2);
            QuarantinedRow row;
            if (BaiSchema.AllTables.FirstOrDefault(t => t.Name == table) is { } spec)
            {
                using var stored = JsonDocument.Parse(reader.GetString(3));
                row = new QuarantinedRow(Digest(RawValueJson.Normalize(spec, stored.RootElement)), codes);
                quarantine.NoteId(spec, stored.RootElement, account);
            }
            else
            {
                row = new QuarantinedRow([], codes);
            }

            quarantine.Add(table, reader.GetInt64(1), account, row);
        }

        return quarantine;
    }

    /// <summary>A row's raw values as <see cref="RawValueJson"/> writes them, hashed: the quarantine's copy and the
    /// source row compare by this.</summary>
    public static byte[] Digest(string normalizedRawValues) => SHA256.HashData(Encoding.UTF8.GetBytes(normalizedRawValues));

    public bool Contains(string table, long rowId) => rows.TryGetValue(table, out var ids) && ids.ContainsKey(rowId);

    public bool HasRows(string table) => rows.ContainsKey(table);

    public long Count(string table) => rows.TryGetValue(table, out var ids) ? ids.Count : 0;

    /// <summary>What the quarantine holds for <paramref name="rowId"/> of <paramref name="table"/>, null when it holds nothing.</summary>
    public QuarantinedRow? Row(string table, long rowId) =>
        rows.TryGetValue(table, out var ids) && ids.TryGetValue(rowId, out var row) ? row : null;

    /// <summary>
    /// The largest id among the rows of <paramref name="table"/> the run quarantined, as the migrator converts it, and
    /// the account of its row; null when no quarantined row has a valid id. The identity must continue after it.
    /// </summary>
    public (long Id, string? Account)? LargestId(string table) => largestIds.TryGetValue(table, out var largest) ? largest : null;

    /// <summary>Rejected rows of <paramref name="table"/> by <see cref="AccountKey"/>.</summary>
    public IReadOnlyDictionary<string, long> CountsByAccount(string table) =>
        perAccount.TryGetValue(table, out var counts) ? counts : new Dictionary<string, long>();

    private void NoteId(TableSpec table, JsonElement stored, string? account)
    {
        if (table.Columns[0] is not { Name: BaiSchema.IdColumn } idColumn
            || stored.ValueKind != JsonValueKind.Object
            || !stored.TryGetProperty(BaiSchema.IdColumn, out var cell)
            || RawValueJson.Read(cell) is not { IsNull: false } raw
            || ValueConverter.Convert(raw, idColumn) is not { IsSuccess: true } converted)
        {
            return;
        }

        var id = converted.Value.BigIntValue;
        if (!largestIds.TryGetValue(table.Name, out var largest) || id > largest.Id)
        {
            largestIds[table.Name] = (id, account);
        }
    }

    private void Add(string table, long rowId, string? account, QuarantinedRow row)
    {
        if (!rows.TryGetValue(table, out var ids))
        {
            rows[table] = ids = [];
            perAccount[table] = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        if (ids.TryAdd(rowId, row))
        {
            Total++;
            var key = AccountKey.Of(account);
            perAccount[table][key] = perAccount[table].GetValueOrDefault(key) + 1;
        }
    }
}

/// <summary>One quarantined row: the digest of its raw values (<see cref="Quarantine.Digest"/>) and its reasons' codes.</summary>
internal sealed record QuarantinedRow(byte[] RawDigest, IReadOnlyList<string> Codes);
