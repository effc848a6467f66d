namespace Bai.Migrator.Pipeline;

using Bai.Core.Postgres;
using Npgsql;

/// <summary>
/// How much memory PostgreSQL sorts each rebuilt key and index in: at most 32 MB per process of the build, never more
/// than the server's <c>maintenance_work_mem</c>, for the migrator's transaction alone.
/// </summary>
/// <remarks>
/// A build shares <c>maintenance_work_mem</c> among its leader and <c>max_parallel_maintenance_workers</c> helpers.
/// The common advice for a bulk load is to raise it, but a sort that fits in a large budget is one quicksort over an
/// array far larger than the CPU's caches, and that is slower than quicksorting 32 MB runs and merging them (issue 7,
/// 4.5M-row <c>invoice_items</c>, PostgreSQL 15, 2 cores: an index of <c>(account_id, id)</c> took 6.7 s serial in
/// 512 MB and 4.3 s in 8, 16 or 32 MB; a plain <c>id</c> index 2.2 s and 1.5 s; the whole migrator 45–47 s on a
/// server set to 512 MB, 37–39 s in 64 MB). 32 MB is also the least a parallel build gives each process, so the server's
/// helpers all still take part. A value the user set on the connection itself (<c>Options=-c maintenance_work_mem=...</c>)
/// is left as it is, and the foreign keys are validated in the server's own budget, which their anti-joins use as
/// their hash table.
/// </remarks>
internal static class IndexSortMemory
{
    public const int KilobytesPerProcess = 32 * 1024;

    /// <summary>
    /// Limits the sort memory for the rest of the transaction; returns the setting to put back, or null when nothing
    /// changed (the server's is no larger, or the user set it on the connection).
    /// </summary>
    public static async Task<Limit?> LimitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT server, limited, set_config('maintenance_work_mem', limited || 'kB', true)
            FROM (SELECT setting::bigint AS server, $1 * (1 + current_setting('max_parallel_maintenance_workers')::bigint) AS limited
                  FROM pg_settings
                  WHERE name = 'maintenance_work_mem' AND unit = 'kB' AND {TransactionSettings.NotSetByUser}) AS s
            WHERE server > limited
            """, connection, transaction);
        command.Parameters.AddWithValue((long)KilobytesPerProcess);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Limit(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Puts the server's value back (for the foreign keys' validation), still for this transaction only.</summary>
    public static async Task RestoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Limit limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('maintenance_work_mem', $1, true)", connection, transaction);
        command.Parameters.AddWithValue($"{limit.ServerKilobytes}kB");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The server's <c>maintenance_work_mem</c> and the value in effect now, in kB.</summary>
    internal sealed record Limit(long ServerKilobytes, long Kilobytes);
}
