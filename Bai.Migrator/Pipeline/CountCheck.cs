namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Core.Postgres;
using Bai.Core.Schema;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Step 6, the migrator's own check: per table, the snapshot's rows equal the committed rows plus the rows this run
/// quarantined, counted afresh on both sides rather than trusted from the copy's counters. The two sides count at
/// the same time (SQLite on a thread of its own): on the 6.3M-row bench file one after the other cost 1.7 s.
/// </summary>
internal static class CountCheck
{
    public static async Task<IReadOnlyList<CountMismatch>> RunAsync(SqliteConnection source, NpgsqlConnection target, long runId, CancellationToken cancellationToken)
    {
        var sourceCounting = Task.Run(() => CountSource(source, cancellationToken), cancellationToken);
        var targetCounts = new Dictionary<string, (long Migrated, long Rejected)>(StringComparer.Ordinal);
        try
        {
            // After the commit, outside the copy's transaction: in one of its own, without the server's
            // statement_timeout, which a count of a whole large table can outlast as the copy could (StatementLimits).
            // Rolled back when disposed: nothing to keep.
            await using var transaction = await target.BeginTransactionAsync(cancellationToken);
            await StatementLimits.LiftAsync(target, transaction, cancellationToken);
            foreach (var table in BaiSchema.AllTables)
            {
                targetCounts[table.Name] = await CountTargetAsync(target, transaction, table, runId, cancellationToken);
                await PausePoints.ReachAsync(PausePoints.CountCheck, cancellationToken);
            }
        }
        finally
        {
            // Never leave the thread reading the snapshot after this returns: the caller closes the connection next.
            await sourceCounting.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var sourceRows = await sourceCounting;
        return
        [
            .. BaiSchema.AllTables
                .Select(t => new CountMismatch(t.Name, sourceRows[t.Name], targetCounts[t.Name].Migrated, targetCounts[t.Name].Rejected))
                .Where(m => m.Source != m.Migrated + m.Rejected),
        ];
    }

    private static Dictionary<string, long> CountSource(SqliteConnection source, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in BaiSchema.AllTables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var command = source.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM \"{table.Name}\"";
            counts[table.Name] = (long)command.ExecuteScalar()!;
        }

        return counts;
    }

    private static async Task<(long Migrated, long Rejected)> CountTargetAsync(NpgsqlConnection target, NpgsqlTransaction transaction, TableSpec table, long runId, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand(
            $"SELECT (SELECT count(*) FROM {table.Name}), (SELECT count(*) FROM {BaiSchema.ToolSchema}.rejected_rows WHERE run_id = $1 AND table_name = $2)",
            target, transaction) { CommandTimeout = 0 };
        count.Parameters.AddWithValue(runId);
        count.Parameters.AddWithValue(table.Name);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
