namespace Bai.Core.Postgres;

using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Says who holds the lock the run waits for. The migrator's schema migrations and --reset's TRUNCATE lock tables that
/// exist already, and a session of the application left idle in a transaction on the target (a rehearsal while it
/// still runs) makes PostgreSQL wait without a word for as long as that session lives: lock_timeout is 0 unless a DBA
/// set it. The verifier's reads wait the same way behind a schema change or VACUUM FULL. After a few seconds of that,
/// the watch names the sessions in the way, and again every half minute.
/// </summary>
/// <remarks>
/// It looks from a connection of its own, opened only once the first look is due: a step that takes its locks at once
/// and ends within it (the migrator's schema step, usually) never opens it. Its own failures (no free connection, no privilege to see other
/// sessions) only cost the message, never the run.
/// </remarks>
public sealed partial class LockWaitWatch : IAsyncDisposable
{
    public static readonly TimeSpan FirstLook = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Reminder = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;

    private LockWaitWatch(NpgsqlDataSource dataSource, int waitingProcessId, ILogger logger) =>
        watching = WatchAsync(dataSource, waitingProcessId, logger, stop.Token);

    /// <param name="waitingProcessId">The server process of the connection that may wait (<see cref="NpgsqlConnection.ProcessID"/>).</param>
    public static LockWaitWatch Start(NpgsqlDataSource dataSource, int waitingProcessId, ILogger logger) =>
        new(dataSource, waitingProcessId, logger);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watching;
        stop.Dispose();
    }

    private static async Task WatchAsync(NpgsqlDataSource dataSource, int waitingProcessId, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(FirstLook, cancellationToken);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var waited = FirstLook;
            while (true)
            {
                foreach (var blocker in await BlockersAsync(connection, waitingProcessId, cancellationToken))
                {
                    Log.WaitingForLock(logger, (long)waited.TotalSeconds, blocker.ProcessId, blocker.User ?? "?", blocker.Application ?? "", blocker.State ?? "its state hidden from this user");
                }

                await Task.Delay(Reminder, cancellationToken);
                waited += Reminder;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The step that might wait is over.
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            Log.WatchFailed(logger, e);
        }
    }

    /// <summary>The sessions holding a lock <paramref name="waitingProcessId"/> waits for; none when it does not wait.</summary>
    private static async Task<List<Blocker>> BlockersAsync(NpgsqlConnection connection, int waitingProcessId, CancellationToken cancellationToken)
    {
        // Another role's session shows its pid, user and application to anyone; its state only to its role, a
        // superuser or pg_read_all_stats (null otherwise).
        await using var command = new NpgsqlCommand(
            """
            SELECT b.pid, b.usename, b.application_name, b.state
            FROM unnest(pg_blocking_pids($1)) AS blocker(pid)
            JOIN pg_stat_activity b ON b.pid = blocker.pid
            ORDER BY b.pid
            """, connection);
        command.Parameters.AddWithValue(waitingProcessId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var blockers = new List<Blocker>();
        while (await reader.ReadAsync(cancellationToken))
        {
            blockers.Add(new Blocker(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return blockers;
    }

    private sealed record Blocker(int ProcessId, string? User, string? Application, string? State);

    private static partial class Log
    {
        [LoggerMessage(1206, LogLevel.Warning,
            "Waiting {Seconds} s for a lock on the BAI tables that server process {ProcessId} holds (user {User}, application '{Application}', {State}); " +
            "the run goes on when that session ends its transaction: end it in its application, or as its user or a superuser with SELECT pg_terminate_backend({ProcessId})")]
        public static partial void WaitingForLock(ILogger logger, long seconds, int processId, string user, string application, string state);

        [LoggerMessage(1207, LogLevel.Debug, "Could not look for the sessions holding the BAI tables' locks")]
        public static partial void WatchFailed(ILogger logger, Exception exception);
    }
}
