namespace Bai.Verifier.Checks;

using Npgsql;

/// <summary>
/// Plans without parallel workers (<c>max_parallel_workers_per_gather = 0</c>) on a connection, unless the user set that
/// on the connection string's <c>Options</c>: for the references and isolation checks, which scan and join whole tables.
/// They run side by side, each on its own connection, and parallel plans only added work: their queries at 6.33M rows
/// took 10.1–11.5 s of server CPU and 5.3–6.0 s with parallel workers, 3.1 s of CPU and 3.1–3.3 s without (issue 7),
/// as the parallel hash joins lose to merge joins over the keys' indexes. The plans check keeps the server's
/// settings, as it shows what the application's queries get.
/// </summary>
internal static class SerialPlans
{
    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT set_config(name, '0', false) FROM pg_settings WHERE name = 'max_parallel_workers_per_gather' AND source NOT IN ('client', 'session')",
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
