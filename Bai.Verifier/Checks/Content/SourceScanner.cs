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
        var sampledIds = new Dictionary<string, Dictionary<string, TableChecksum>>(StringComparer.Ordinal);
        // AccountKey.None is a bucket, not an account: were an account so named, its ids are left to the isolation check's own query.
        var sampled = context.SampledAccounts.Where(a => a != AccountKey.None).ToHashSet(StringComparer.Ordinal);
        var hasher = new RowHasher();
        foreach (var table in BaiSchema.AllTables)
        {
            using var span = VerifierTelemetry.StartTable("checksum", table.Name);
            span?.SetTag("bai.side", "sqlite");
            var checksums = result[table.Name] = new AccountChecksums();
            var tallies = new Dictionary<string, AccountTally>(StringComparer.Ordinal);
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
                    Tally(tallies, row.ReadCountKey(reader), sampled).Rows++;
                    continue;
                }

                var loaded = row.Load(reader);
                var tally = Tally(tallies, row.CountKey, sampled);
                tally.Rows++;
                tally.Ids?.Add(SourceScan.HashId(row.RowId));
                if (!loaded)
                {
                    var column = table.Columns[row.FailedOrdinal];
                    context.AddFinding(VerifierCheck.Content, table.Name, null, row.RowId, column.Name, row.FailedRaw.ToString(), null,
                        $"the source value cannot be migrated faithfully ({row.FailedReason}), yet the run did not quarantine the row");
                    continue;
                }

                checksums.Add(row.Account, row.Hash(hasher));
            }

            rowCounts[table.Name] = tallies.ToDictionary(t => t.Key, t => t.Value.Rows, StringComparer.Ordinal);
            sampledIds[table.Name] = tallies.Where(t => t.Value.Ids is not null).ToDictionary(t => t.Key, t => t.Value.Ids!, StringComparer.Ordinal);
            span?.SetTag("bai.rows", rows);
            VerifierTelemetry.RowsCompared.Add(rows, new KeyValuePair<string, object?>("side", "sqlite"));
        }

        return new SourceScan(result, rowCounts, sampledIds);
    }

    private static AccountTally Tally(Dictionary<string, AccountTally> tallies, string key, HashSet<string> sampled)
    {
        ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, key, out _);
        return tally ??= new AccountTally(sampled.Contains(key));
    }
}
