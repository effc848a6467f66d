namespace Bai.Migrator.Pipeline;

using Bai.Core.Postgres;
using Npgsql;

/// <summary>
/// Lifts the server's <c>statement_timeout</c> and <c>idle_in_transaction_session_timeout</c> for the copy's transaction,
/// as pg_dump and pg_restore lift them for their sessions. Production roles and databases often carry a
/// <c>statement_timeout</c> of seconds, meant for the application's queries; the copy of a large table or one of its
/// index builds outlasts it, and the cancel rolls back the whole load. Transaction-local (<c>set_config(..., true)</c>),
/// so nothing follows a pooled connection, through PgBouncer either. A value the user set on the connection itself
/// (<c>Options=-c statement_timeout=...</c>) is the user's choice and stays; its cancel is one sentence
/// (<see cref="PostgresConnectionErrors.Limit"/>). <c>lock_timeout</c> stays too: it fires only when another session
/// holds the tables, which the user should hear about rather than wait on.
/// </summary>
internal static class StatementLimits
{
    public static async Task LiftAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT set_config(name, '0', true) FROM pg_settings
            WHERE name IN ('statement_timeout', 'idle_in_transaction_session_timeout') AND {TransactionSettings.NotSetByUser}
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
