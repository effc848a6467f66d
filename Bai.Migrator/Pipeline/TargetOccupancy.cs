namespace Bai.Migrator.Pipeline;

using Bai.Core.Schema;
using Npgsql;

/// <summary>How many rows the application's tables already hold (tables that do not exist yet hold none).</summary>
internal static class TargetOccupancy
{
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in BaiSchema.AllTables)
        {
            await using var command = new NpgsqlCommand($"SELECT to_regclass('{table.Name}') IS NOT NULL", connection, transaction);
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                counts[table.Name] = 0;
                continue;
            }

            command.CommandText = $"SELECT count(*) FROM {table.Name}";
            counts[table.Name] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
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
