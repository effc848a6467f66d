namespace Bai.Verifier.Checks.Content;

using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Core.Values;

/// <summary>
/// The SQLite side of the content check: every table streamed once in storage order, every row that the run did not
/// quarantine converted and hashed, summed per account; every row, quarantined or not, counted by its stored account
/// (what <see cref="CountsCheck"/> compares, so it need not read the file again). One row in memory at a time.
/// Converting every value makes this the slower half of the check, so two readers share the tables, each with a
/// connection of its own, largest first, while <see cref="TargetScanner"/> reads PostgreSQL on a third thread: on
/// the 6.3M-row benchmark one reader left a core idle once PostgreSQL's side was done (issue 7). Each table is read
/// by one reader, so its findings keep their order, through a cursor of its own (<see cref="SqliteRowCursor"/>: none
/// of SQLite's locking per row).
/// </summary>
internal static class SourceScanner
{
    private const int Readers = 2;

    public static SourceScan ScanAll(VerificationContext context, CancellationToken cancellationToken)
    {
        // AccountKey.None is a bucket, not an account: were an account so named, its ids are left to the isolation check's own query.
        var sampled = context.SampledAccounts.Where(a => a != AccountKey.None).ToHashSet(StringComparer.Ordinal);
        var pending = new ConcurrentQueue<TableSpec>(LargestFirst(context));
        var scans = new ConcurrentDictionary<string, TableScan>(StringComparer.Ordinal);
        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Factory.StartNew(
            () =>
            {
                while (pending.TryDequeue(out var table))
                {
                    scans[table.Name] = ScanTable(context, table, sampled, cancellationToken);
                }
            },
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WhenAll(readers).GetAwaiter().GetResult();

        var tables = BaiSchema.AllTables;
        return new SourceScan(
            tables.ToDictionary(t => t.Name, t => scans[t.Name].Checksums, StringComparer.Ordinal),
            tables.ToDictionary(t => t.Name, t => scans[t.Name].RowCounts, StringComparer.Ordinal),
            tables.ToDictionary(t => t.Name, t => scans[t.Name].SampledIds, StringComparer.Ordinal));
    }

    private static TableScan ScanTable(VerificationContext context, TableSpec table, HashSet<string> sampled, CancellationToken cancellationToken)
    {
        using var span = VerifierTelemetry.StartTable("checksum", table.Name);
        span?.SetTag("bai.side", "sqlite");
        var checksums = new AccountChecksums();
        var tallies = new Dictionary<string, AccountTally>(StringComparer.Ordinal);
        var row = new SourceRow(table);
        var hasher = new RowHasher();
        long rows = 0;
        using var reader = context.OpenSourceCursor(SourceSql.All(table));
        while (reader.Read())
        {
            if ((++rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (context.Quarantine.HasRows(table.Name) && context.Quarantine.Row(table.Name, reader.GetInt64(0)) is { } kept)
            {
                var converts = row.Load(reader);
                Tally(tallies, row.CountKey, sampled).Rows++;
                QuarantinedRowCheck.Check(context, table, row, kept, converts);
                continue;
            }

            var loaded = row.Load(reader);
            var tally = Tally(tallies, row.CountKey, sampled);
            tally.Rows++;
            // The id the row loaded with: in a table whose id is not its rowid (a drifted file), the two differ.
            tally.Ids?.Add(SourceScan.HashId(loaded ? row.Id : row.RowId));
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
        return new TableScan(
            checksums,
            tallies.ToDictionary(t => t.Key, t => t.Value.Rows, StringComparer.Ordinal),
            tallies.Where(t => t.Value.Ids is not null).ToDictionary(t => t.Key, t => t.Value.Ids!, StringComparer.Ordinal));
    }

    /// <summary>The tables by their largest rowid (a b-tree lookup each, and close to the row count), so the biggest
    /// table starts first and the other reader takes the rest.</summary>
    private static IEnumerable<TableSpec> LargestFirst(VerificationContext context)
    {
        using var connection = context.OpenSource();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in BaiSchema.AllTables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT coalesce(max(rowid), 0) FROM \"{table.Name}\"";
            sizes[table.Name] = (long)command.ExecuteScalar()!;
        }

        return [.. BaiSchema.AllTables.OrderByDescending(t => sizes[t.Name])];
    }

    private static AccountTally Tally(Dictionary<string, AccountTally> tallies, string key, HashSet<string> sampled)
    {
        ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, key, out _);
        return tally ??= new AccountTally(sampled.Contains(key));
    }

    private sealed record TableScan(
        AccountChecksums Checksums, Dictionary<string, long> RowCounts, Dictionary<string, TableChecksum> SampledIds);
}
