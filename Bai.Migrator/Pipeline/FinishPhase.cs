namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Migrator.Copy;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Step 5: the keys, indexes and foreign keys come back (each validated against every loaded row as it is added),
/// every identity moves past the largest migrated id so the application can insert without ids, and ANALYZE gives
/// the planner statistics so account-scoped lookups use the <c>(account_id, ...)</c> indexes from the first query.
/// </summary>
internal sealed partial class FinishPhase(ILogger<FinishPhase> logger)
{
    /// <param name="handedOut">The largest id SQLite handed out in each table declared AUTOINCREMENT (<see cref="Bai.Core.Sqlite.AutoincrementSequences"/>).</param>
    public async Task RunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DeferredConstraints deferred, IReadOnlyList<TableResult> tables,
        IReadOnlyDictionary<string, long> handedOut, CancellationToken cancellationToken)
    {
        using (var span = MigratorTelemetry.Source.StartActivity("restore constraints"))
        {
            Task Restored(DeferredConstraints.Definition d)
            {
                Log.ConstraintRestored(logger, d.Name, d.Table);
                return PausePoints.ReachAsync(PausePoints.Constraints, cancellationToken);
            }

            var limit = await IndexSortMemory.LimitAsync(connection, transaction, cancellationToken);
            if (limit is not null)
            {
                Log.SortMemoryLimited(logger, limit.Kilobytes / 1024, limit.ServerKilobytes / 1024);
                span?.SetTag("bai.index_sort_memory_kb", limit.Kilobytes);
            }

            using (MigratorTelemetry.Source.StartActivity(MigratorTelemetry.FinishSteps.KeysAndIndexes))
            {
                await deferred.RestoreKeysAndIndexesAsync(connection, transaction, Restored, cancellationToken);
            }

            if (limit is not null)
            {
                await IndexSortMemory.RestoreAsync(connection, transaction, limit, cancellationToken);
            }

            using (MigratorTelemetry.Source.StartActivity(MigratorTelemetry.FinishSteps.ForeignKeys))
            {
                await deferred.RestoreForeignKeysAsync(connection, transaction, Restored, cancellationToken);
            }

            span?.SetTag("bai.constraints", deferred.Definitions.Count);
        }

        using (MigratorTelemetry.Source.StartActivity(MigratorTelemetry.FinishSteps.Identities))
        {
            // setval on each identity's sequence: the next id the application gets is past every migrated one. The
            // copy knows the largest id it wrote; asking PostgreSQL for max(id) instead cost a full scan per table
            // (the keys lead with account_id, so no index serves max(id)): 1.8 s of the 6.3M-row profile. An identity
            // starts at 1 and cannot be set below it: a table whose ids are all 0 or negative (SQLite allows any
            // integer rowid) gets 1 as its next id, which is past every one of them. A table declared AUTOINCREMENT
            // continues after the largest id SQLite ever handed out in it, as SQLite would: a deleted row's id is not
            // given again. Nor is a quarantined row's: the identity continues after the largest of those too, so the
            // row, fixed and inserted again with its id (and the rows that point at it), cannot meet a new row there.
            var names = BaiSchema.TenantTables.Select(t => t.Name).ToArray();
            var last = names.Select(n => LastId(n, tables.FirstOrDefault(t => t.Table == n), handedOut)).ToArray();
            await using var command = new NpgsqlCommand(
                "SELECT u.t, setval(pg_get_serial_sequence(u.t, 'id'), GREATEST(u.v, 1), COALESCE(u.v >= 1, false)) FROM unnest($1::text[], $2::bigint[]) AS u(t, v)",
                connection, transaction);
            command.Parameters.AddWithValue(names);
            command.Parameters.AddWithValue(last);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Log.IdentityRestarted(logger, reader.GetString(0), reader.GetInt64(1));
            }

            await PausePoints.ReachAsync(PausePoints.Sequences, cancellationToken);
        }

        using (MigratorTelemetry.Source.StartActivity(MigratorTelemetry.FinishSteps.Analyze))
        {
            foreach (var table in BaiSchema.AllTables)
            {
                await using var command = new NpgsqlCommand($"ANALYZE {table.Name}", connection, transaction) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync(cancellationToken);
                await PausePoints.ReachAsync(PausePoints.Analyze, cancellationToken);
            }
        }
    }

    private long? LastId(string table, TableResult? copied, IReadOnlyDictionary<string, long> handedOut)
    {
        var largestMigrated = copied?.LastId;
        var last = largestMigrated;
        if (copied?.LastQuarantinedId is { } quarantined && quarantined > (last ?? long.MinValue))
        {
            Log.QuarantineContinued(logger, table, quarantined, Text(largestMigrated));
            last = quarantined;
        }

        if (!handedOut.TryGetValue(table, out var seq) || seq <= (last ?? 0))
        {
            return last;
        }

        Log.AutoincrementContinued(logger, table, seq, Text(largestMigrated));
        return seq;
    }

    private static string Text(long? id) => id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    private static partial class Log
    {
        [LoggerMessage(1301, LogLevel.Debug, "Restored {Constraint} on {Table}")]
        public static partial void ConstraintRestored(ILogger logger, string constraint, string table);

        [LoggerMessage(1303, LogLevel.Information, "Keys and indexes are sorted in {Megabytes} MB (32 MB per process of a build), not the server's maintenance_work_mem of {ServerMegabytes} MB, which is back for the foreign keys")]
        public static partial void SortMemoryLimited(ILogger logger, long megabytes, long serverMegabytes);

        [LoggerMessage(1304, LogLevel.Information, "{Table} is declared AUTOINCREMENT, and SQLite had handed out ids up to {HandedOut} (sqlite_sequence), past the largest id migrated ({LargestMigrated}): its identity continues after that, as SQLite's would, so no deleted row's id is given again")]
        public static partial void AutoincrementContinued(ILogger logger, string table, long handedOut, string largestMigrated);

        [LoggerMessage(1305, LogLevel.Information, "{Table}: the run quarantined a row with id {Quarantined}, past the largest id migrated ({LargestMigrated}): its identity continues after that, so the row, fixed and inserted again with its id, cannot collide with a new one")]
        public static partial void QuarantineContinued(ILogger logger, string table, long quarantined, string largestMigrated);

        [LoggerMessage(1302, LogLevel.Debug, "Identity of {Table} set to {LastId}")]
        public static partial void IdentityRestarted(ILogger logger, string table, long lastId);
    }
}
