namespace Bai.Migrator.Pipeline;

using Bai.Core.Schema;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Step 6, the migrator's own check: per table, the snapshot's rows equal the committed rows plus the rows this run
/// quarantined, counted afresh on both sides rather than trusted from the copy's counters.
/// </summary>
internal static class CountCheck
{
    public static async Task<IReadOnlyList<CountMismatch>> RunAsync(SqliteConnection source, NpgsqlConnection target, long runId, CancellationToken cancellationToken)
    {
        var mismatches = new List<CountMismatch>();
        foreach (var table in BaiSchema.AllTables)
        {
            long sourceRows;
            await using (var command = source.CreateCommand())
            {
                command.CommandText = $"SELECT count(*) FROM \"{table.Name}\"";
                sourceRows = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

            await using var count = new NpgsqlCommand(
                $"SELECT (SELECT count(*) FROM {table.Name}), (SELECT count(*) FROM {BaiSchema.ToolSchema}.rejected_rows WHERE run_id = $1 AND table_name = $2)",
                target);
            count.Parameters.AddWithValue(runId);
            count.Parameters.AddWithValue(table.Name);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var migrated = reader.GetInt64(0);
            var rejected = reader.GetInt64(1);
            if (sourceRows != migrated + rejected)
            {
                mismatches.Add(new CountMismatch(table.Name, sourceRows, migrated, rejected));
            }

            await PausePoints.ReachAsync(PausePoints.CountCheck, cancellationToken);
        }

        return mismatches;
    }
}
