namespace Bai.Core.Ledger;

using Bai.Core.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Serialises migrators on one database: a transaction-level advisory lock, held by a transaction that stays open
/// for the whole run on a connection of its own, and rolled back at its end.
/// </summary>
/// <remarks>
/// Not a session-level lock. Through a pooler in transaction mode (PgBouncer's usual setting) the server session a
/// statement ran on goes back to the pool after it: a session lock stayed there after the run, held by no one, and the
/// next migrator whose statements another server session served was refused as "another migrator" (measured: a run
/// connected directly after a run through PgBouncer); while one whose statements the same server session served took
/// it again and passed (advisory locks nest within a session). An open transaction keeps its server session to
/// itself under every pooling mode, and its lock ends with it, however the process ends: a kill closes the
/// connection, and the server (or the pooler) rolls the transaction back.
/// </remarks>
public sealed partial class RunLock : IAsyncDisposable
{
    /// <summary>"BAI_MIGR": the advisory lock's key, the same in every version, so old and new migrators exclude each other.</summary>
    public const long Key = 0x4241495f4d494752;

    /// <summary>What the holding session's application_name ends with in pg_stat_activity while the run lasts.</summary>
    public const string NameSuffix = " (run lock)";

    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly ILogger logger;

    private RunLock(NpgsqlConnection connection, NpgsqlTransaction transaction, ILogger logger)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.logger = logger;
    }

    /// <summary>Takes the lock on <paramref name="connection"/>, which it then owns; null (and the connection closed) when another run holds it.</summary>
    public static async Task<(RunLock? Lock, string? Holder)> TryTakeAsync(NpgsqlConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The transaction waits idle for the whole run: a DBA's idle_in_transaction_session_timeout would end it.
            await StatementLimits.LiftAsync(connection, transaction, cancellationToken);
            // A session idle in a transaction for minutes is what a DBA's monitoring flags (and some scripts end):
            // its application_name says what it is, for this transaction only.
            await using (var name = new NpgsqlCommand(
                $"SELECT set_config('application_name', left(current_setting('application_name') || '{NameSuffix}', 63), true)", connection, transaction))
            {
                await name.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction))
            {
                command.Parameters.AddWithValue(Key);
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                {
                    return (new RunLock(connection, transaction, logger), null);
                }
            }

            var holder = await DescribeHolderAsync(connection, transaction, cancellationToken);
            await connection.DisposeAsync();
            return (null, holder);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session ended before the run did (a DBA ended it, the server restarted, the network dropped it),
            // and its lock with it. The run was not affected, its copy is another connection's, but from then on
            // nothing kept a second migrator out: say so rather than hold a lock in name only.
            Log.Lost(logger, e.Message);
        }

        await connection.DisposeAsync();
    }

    /// <summary>
    /// Who holds the lock, for the refusal: server process, application, client address and since when, as far as
    /// this user may see them (another role's session shows only its process id without pg_read_all_stats).
    /// </summary>
    private static async Task<string> DescribeHolderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // A bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.
        await using var command = new NpgsqlCommand(
            """
            SELECT l.pid, a.application_name, host(a.client_addr), to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), a.state
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = ($1 >> 32)::oid AND l.objid = ($1 & 4294967295)::oid AND l.objsubid = 1
            LIMIT 1
            """, connection, transaction);
        command.Parameters.AddWithValue(Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return "it ended a moment ago; run again";
        }

        var parts = new List<string> { $"server process {reader.GetInt32(0)}" };
        if (!reader.IsDBNull(1) && reader.GetString(1).Length > 0)
        {
            parts.Add($"application '{reader.GetString(1)}'");
        }

        if (!reader.IsDBNull(2))
        {
            parts.Add($"from {reader.GetString(2)}");
        }

        if (!reader.IsDBNull(3))
        {
            parts.Add($"connected since {reader.GetString(3)} UTC");
        }

        if (!reader.IsDBNull(4) && reader.GetString(4) == "idle")
        {
            // This version holds the lock in a transaction. Idle outside one is how migrators before it held it: one
            // running now, or a lock such a run left on a pooler's server session when it ended.
            parts.Add("idle outside a transaction: a migrator of an earlier version, or a lock one left on a pooler's server session, which pg_terminate_backend of that process frees once no migrator runs");
        }

        return string.Join(", ", parts);
    }

    private static partial class Log
    {
        [LoggerMessage(1209, LogLevel.Warning,
            "The run lock's session ended before the run did ({Reason}); from then on another Bai.Migrator could have started on this database: " +
            "if one ran, run the migrator again to check and verify what the target holds")]
        public static partial void Lost(ILogger logger, string reason);
    }
}
