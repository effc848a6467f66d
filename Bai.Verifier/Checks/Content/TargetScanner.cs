namespace Bai.Verifier.Checks.Content;

using Bai.Core.Schema;
using Bai.Core.Values;
using Npgsql;

/// <summary>
/// The PostgreSQL side of the content check: every table streamed once with binary COPY TO STDOUT, every row
/// hashed from the same canonical values as the source's, summed per account. Synchronous reads on purpose: this is
/// the hot loop and runs on its own thread (Npgsql's buffered reads rarely block).
/// </summary>
internal static class TargetScanner
{
    public static async Task<Dictionary<string, TargetTableScan>> ScanAllAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenWholeTableTargetAsync(cancellationToken);
        var result = new Dictionary<string, TargetTableScan>(StringComparer.Ordinal);
        var hasher = new RowHasher();
        foreach (var table in BaiSchema.AllTables)
        {
            using var span = VerifierTelemetry.StartTable("checksum", table.Name);
            span?.SetTag("bai.side", "postgresql");
            long rows;
            try
            {
                result[table.Name] = Scan(connection, table, hasher, out rows, cancellationToken);
            }
            catch (Exception e) when (UnreadableTargetException.Is(e))
            {
                throw new UnreadableTargetException(table.Name, e);
            }

            span?.SetTag("bai.rows", rows);
            VerifierTelemetry.RowsCompared.Add(rows, new KeyValuePair<string, object?>("side", "postgresql"));
        }

        return result;
    }

    private static TargetTableScan Scan(NpgsqlConnection connection, TableSpec table, RowHasher hasher, out long rows, CancellationToken cancellationToken)
    {
        var checksums = new AccountChecksums();
        var row = new TargetRow(table);
        long? maxId = null;
        rows = 0;
        using var exporter = connection.BeginBinaryExport(TargetSql.CopyAll(table));
        exporter.Timeout = Timeout.InfiniteTimeSpan;
        while (exporter.StartRow() != -1)
        {
            if ((++rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            row.Load(exporter);
            checksums.Add(row.Account, row.Hash(hasher));
            if (row.HasId && (maxId is null || row.Id > maxId))
            {
                maxId = row.Id;
            }
        }

        return new TargetTableScan(checksums, maxId);
    }
}
