namespace Bai.Testing.Postgres;

using Npgsql;

/// <summary>
/// Makes a statement of the tools last as long as a test needs, on any data size: a table locked by another session
/// (in a transaction of the test's), so that the tools' first statement that needs a conflicting lock waits. The
/// wait counts toward <c>statement_timeout</c>, as a long scan would. <see cref="ReleaseAfterWaitAsync"/> holds the
/// lock until a session has waited on it for the given time, then lets it go.
/// </summary>
public sealed class HeldTableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly string connectionString;
    private readonly string table;

    private HeldTableLock(NpgsqlConnection connection, NpgsqlTransaction transaction, string connectionString, string table) =>
        (this.connection, this.transaction, this.connectionString, this.table) = (connection, transaction, connectionString, table);

    /// <summary>The application name the holding session shows in pg_stat_activity.</summary>
    public const string ApplicationName = "bai-test-lock-holder";

    /// <summary>The server process of the session that holds the lock.</summary>
    public int ProcessId => connection.ProcessID;

    /// <param name="mode">The lock mode: ACCESS EXCLUSIVE stops every statement on the table; ROW EXCLUSIVE is what an
    /// application's uncommitted write holds, which stops TRUNCATE and schema changes but not reads.</param>
    public static async Task<HeldTableLock> TakeAsync(string adminConnectionString, string table, string mode = "ACCESS EXCLUSIVE")
    {
        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false, ApplicationName = ApplicationName }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        // The test's own LOCK may wait behind the tools (a second lock taken while they run), and a database the test
        // gave a statement_timeout of a second would cancel it on a loaded machine: this session has no limits.
        await using var command = new NpgsqlCommand(
            $"SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0; LOCK TABLE {table} IN {mode} MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new HeldTableLock(connection, transaction, connectionString, table);
    }

    /// <summary>
    /// Waits until another session of the database waits on this table's lock, keeps it waiting for <paramref name="held"/>, and
    /// releases the lock. True when a session waited; false when <paramref name="run"/> ended first (it never reached
    /// the table, or failed before).
    /// </summary>
    public async Task<bool> ReleaseAfterWaitAsync(Task run, TimeSpan held, TimeSpan timeout)
    {
        try
        {
            if (await WaitedOnAsync(run, timeout))
            {
                await Task.Delay(held);
                return true;
            }

            return false;
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    /// <summary>
    /// Waits until another session of the database waits on this table's lock, keeps it waiting until <paramref name="seen"/>
    /// holds (what the run is expected to say about the wait while it waits, such as a log line), and releases the lock.
    /// True when a session waited and <paramref name="seen"/> held before <paramref name="run"/> ended or the timeout; the
    /// lock is let go either way. A fixed hold raced what it waited for on a busy machine; this waits for the event itself.
    /// </summary>
    public async Task<bool> ReleaseWhenAsync(Task run, Func<bool> seen, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            if (!await WaitedOnAsync(run, timeout))
            {
                return false;
            }

            while (!seen())
            {
                if (run.IsCompleted || DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(50);
            }

            return true;
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    /// <summary>
    /// Waits until another session of the database waits on this table's lock, and keeps the lock (to take another before this
    /// one is let go). True when a session waited; false when <paramref name="run"/> ended first or at the timeout.
    /// </summary>
    public async Task<bool> WaitedOnAsync(Task run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (await SessionsWaitingAsync() > 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Lets the lock go (the holding transaction rolls back).</summary>
    public Task ReleaseAsync() => transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private async Task<long> SessionsWaitingAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Waiting on this lock's table, not on any: a session still shown waiting on a lock released a moment ago (another
        // HeldTableLock's) must not start this one's count.
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND l.relation = $1::regclass AND a.datname = $2 AND l.pid <> $3", connection);
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(this.connection.Database);
        command.Parameters.AddWithValue(this.connection.ProcessID);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
