namespace Bai.Migrator.Pipeline;

using Bai.Core.Postgres;
using Bai.Core.Schema;
using Npgsql;

/// <summary>How many rows the application's tables already hold (tables that do not exist yet hold none).</summary>
internal static class TargetOccupancy
{
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var counts = BaiSchema.AllTables.ToDictionary(t => t.Name, _ => 0L);
        foreach (var table in await TargetTables.ExistingAsync(connection, transaction, cancellationToken))
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection, transaction);
            counts[table] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    public static async Task TruncateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // In the copy's transaction: the rows come back if the run fails, and COPY may then write FREEZE and skip WAL.
        var tables = string.Join(", ", BaiSchema.AllTables.Select(t => t.Name));
        await using var command = new NpgsqlCommand($"TRUNCATE {tables} RESTART IDENTITY", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
