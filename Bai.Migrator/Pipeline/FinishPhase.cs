namespace Bai.Migrator.Pipeline;

using Bai.Core.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Step 5: the keys, indexes and foreign keys come back (each validated against every loaded row as it is added),
/// every identity moves past the largest migrated id so the application can insert without ids, and ANALYZE gives
/// the planner statistics so account-scoped lookups use the <c>(account_id, ...)</c> indexes from the first query.
/// </summary>
internal sealed partial class FinishPhase(ILogger<FinishPhase> logger)
{
    public async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeferredConstraints deferred, CancellationToken cancellationToken)
    {
        using (var span = MigratorTelemetry.Source.StartActivity("restore constraints"))
        {
            await deferred.RestoreAsync(connection, transaction, d =>
            {
                Log.ConstraintRestored(logger, d.Name, d.Table);
                return PausePoints.ReachAsync(PausePoints.Constraints, cancellationToken);
            }, cancellationToken);
            span?.SetTag("bai.constraints", deferred.Definitions.Count);
        }

        foreach (var table in BaiSchema.TenantTables)
        {
            using var span = MigratorTelemetry.StartTable("restart identity", table.Name);
            // setval on the identity's sequence: the next id the application gets is past every migrated one.
            await using var command = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('{table.Name}', 'id'), COALESCE(max(id), 1), max(id) IS NOT NULL) FROM {table.Name}",
                connection, transaction);
            var next = await command.ExecuteScalarAsync(cancellationToken);
            Log.IdentityRestarted(logger, table.Name, Convert.ToInt64(next, System.Globalization.CultureInfo.InvariantCulture));
            await PausePoints.ReachAsync(PausePoints.Sequences, cancellationToken);
        }

        using (MigratorTelemetry.Source.StartActivity("analyze"))
        {
            foreach (var table in BaiSchema.AllTables)
            {
                await using var command = new NpgsqlCommand($"ANALYZE {table.Name}", connection, transaction) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync(cancellationToken);
                await PausePoints.ReachAsync(PausePoints.Analyze, cancellationToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1301, LogLevel.Debug, "Restored {Constraint} on {Table}")]
        public static partial void ConstraintRestored(ILogger logger, string constraint, string table);

        [LoggerMessage(1302, LogLevel.Debug, "Identity of {Table} set to {LastId}")]
        public static partial void IdentityRestarted(ILogger logger, string table, long lastId);
    }
}
