namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>
/// Lifts the server's <c>idle_session_timeout</c> (PostgreSQL 14 and later) for a connection the tools hold idle
/// outside a transaction while other connections work: the migrator's ledger connection, which waits through the
/// whole copy (minutes on a large file) to record how the run ended. A DBA who ends leaked sessions with a timeout on
/// the role or database would otherwise end it in the middle of the run, and the run could not say how it ended.
/// It is a session setting, as the wait is outside any transaction: Npgsql resets a connection's settings when it goes
/// back to its pool (unless <c>No Reset On Close</c>). A value the user set on the connection string is kept.
/// </summary>
public static class IdleSessionLimit
{
    public static Task LiftAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        TransactionSettings.ZeroUnlessSetByUserAsync(connection, transaction: null, ["idle_session_timeout"], cancellationToken);
}
