namespace Bai.Verifier.Checks;

using Bai.Core.Postgres;
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
    /// <summary>
    /// For the rest of the connection's transaction only (<c>set_config(..., true)</c>): the connection goes back to
    /// the pool when the check is done, and a session setting would follow it to the next check (the plans check)
    /// wherever the pool does not reset connections (<c>No Reset On Close=true</c>).
    /// </summary>
    public static Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        TransactionSettings.ZeroUnlessSetByUserAsync(connection, transaction, ["max_parallel_workers_per_gather"], cancellationToken);
}
