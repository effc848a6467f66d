namespace Bai.Verifier.Checks.Content;

using System.Runtime.InteropServices;
using Bai.Core.Schema;
using Bai.Core.Values;

/// <summary>
/// The SQLite side of the content check: every table streamed once in storage order, every row that the run did not
/// quarantine converted and hashed, summed per account; every row, quarantined or not, counted by its stored account
/// (what <see cref="CountsCheck"/> compares, so it need not read the file again). One row in memory at a time; runs on
/// its own thread while <see cref="TargetScanner"/> reads PostgreSQL on another.
/// </summary>
internal static class SourceScanner
{
    public static SourceScan ScanAll(VerificationContext context, CancellationToken cancellationToken)
    {
        using var connection = context.OpenSource();
        var result = new Dictionary<string, AccountChecksums>(StringComparer.Ordinal);
        var rowCounts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var hasher = new RowHasher();
        foreach (var table in BaiSchema.AllTables)
        {
            using var span = VerifierTelemetry.StartTable("checksum", table.Name);
            span?.SetTag("bai.side", "sqlite");
            var checksums = result[table.Name] = new AccountChecksums();
            var counts = rowCounts[table.Name] = new Dictionary<string, long>(StringComparer.Ordinal);
            var row = new SourceRow(table);
            long rows = 0;
            using var command = connection.CreateCommand();
            command.CommandText = SourceSql.All(table);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if ((++rows & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (context.Quarantine.HasRows(table.Name) && context.Quarantine.Contains(table.Name, reader.GetInt64(0)))
                {
                    Count(counts, row.ReadCountKey(reader));
                    continue;
                }

                var loaded = row.Load(reader);
                Count(counts, row.CountKey);
                if (!loaded)
                {
                    var column = table.Columns[row.FailedOrdinal];
                    context.AddFinding(VerifierCheck.Content, table.Name, null, row.RowId, column.Name, row.FailedRaw.ToString(), null,
                        $"the source value cannot be migrated faithfully ({row.FailedReason}), yet the run did not quarantine the row");
                    continue;
                }

                checksums.Add(row.Account, row.Hash(hasher));
            }

            span?.SetTag("bai.rows", rows);
            VerifierTelemetry.RowsCompared.Add(rows, new KeyValuePair<string, object?>("side", "sqlite"));
        }

        return new SourceScan(result, rowCounts);
    }

    private static void Count(Dictionary<string, long> counts, string key)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
        count++;
    }
}
