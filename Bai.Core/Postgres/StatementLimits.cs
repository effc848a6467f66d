namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>
/// Lifts the server's <c>statement_timeout</c> and <c>idle_in_transaction_session_timeout</c> for one transaction of
/// the tools, as pg_dump and pg_restore lift them for their sessions. Production roles and databases often carry a
/// <c>statement_timeout</c> of seconds, meant for the application's queries; the copy of a large table or one of its
/// index builds outlasts it, and the cancel rolls back the whole load (the verifier's joins over whole tables too).
/// A value the user set on the connection itself (<c>Options=-c statement_timeout=...</c>) is the user's choice and
/// stays; its cancel is one sentence (<see cref="PostgresConnectionErrors.Limit"/>). <c>lock_timeout</c> stays too: it
/// fires only when another session holds the tables, which the user should hear about rather than wait on.
/// </summary>
public static class StatementLimits
{
    /// <remarks>
    /// <c>transaction_timeout</c> (PostgreSQL 17 and later) ends a whole transaction, and the copy's lasts minutes on a
    /// large file, the run lock's the whole run. A server without it has no such row in <c>pg_settings</c>, and nothing
    /// is set.
    /// </remarks>
    private static readonly string[] Lifted = ["statement_timeout", "idle_in_transaction_session_timeout", "transaction_timeout"];

    public static Task LiftAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        TransactionSettings.ZeroUnlessSetByUserAsync(connection, transaction, Lifted, cancellationToken);
}
