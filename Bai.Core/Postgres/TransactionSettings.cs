namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>
/// The tools change a few planner, sort and timeout settings for their own transaction (<c>set_config(..., true)</c>),
/// where the server's value is meant for the application or measured slower. A value the user gave on the connection
/// string (<c>Options=-c name=value</c>, source <c>client</c>) or with SET (source <c>session</c>) is the user's choice
/// and stays as it is.
/// </summary>
public static class TransactionSettings
{
    /// <summary>A <c>pg_settings</c> condition: the setting's value did not come from the user's connection.</summary>
    public const string NotSetByUser = "source NOT IN ('client', 'session')";

    /// <summary>
    /// Sets each of <paramref name="names"/> to 0 for the rest of the transaction, unless the user set it on the
    /// connection. Transaction-local, so nothing follows the connection back to a pool that does not reset sessions
    /// (<c>No Reset On Close=true</c>), or through PgBouncer. Without a transaction, for the session (a connection that
    /// waits outside any transaction, see <see cref="IdleSessionLimit"/>).
    /// </summary>
    public static async Task ZeroUnlessSetByUserAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT set_config(name, '0', $2) FROM pg_settings WHERE name = ANY($1) AND {NotSetByUser}", connection, transaction);
        command.Parameters.AddWithValue(names.ToArray());
        command.Parameters.AddWithValue(transaction is not null);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
