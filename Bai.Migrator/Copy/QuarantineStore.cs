namespace Bai.Migrator.Copy;

using Bai.Core.Schema;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// Under <c>--bad-rows quarantine</c>, rejected rows go whole into <c>bai_migration.rejected_rows</c> in the copy's
/// own transaction, so they commit with the good rows or not at all, and nothing is lost either way.
/// </summary>
internal sealed class QuarantineStore(long runId, bool enabled)
{
    public async Task StoreAsync(string table, IReadOnlyList<RejectedSourceRow> rows, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!enabled || rows.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {BaiSchema.ToolSchema}.rejected_rows (run_id, table_name, source_row_id, account_id, raw_values, reasons) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(runId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(table, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.RowId, NpgsqlDbType.Bigint, cancellationToken);
            if (row.AccountId is null || row.AccountId.Contains('\0', StringComparison.Ordinal))
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(row.AccountId, NpgsqlDbType.Text, cancellationToken);
            }

            await importer.WriteAsync(row.RawValuesJson, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(ProblemsJson.Serialize(row.Problems), NpgsqlDbType.Jsonb, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
