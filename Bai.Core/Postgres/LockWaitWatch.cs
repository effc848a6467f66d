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
/// The migrator's watch looks from a connection of its own, opened only once the first look is due (after a second): a
/// step that takes its locks at once and ends within it never opens it. The verifier's watches all its checks'
/// sessions from its own first connection, idle while they run. Its own failures (no free connection, no privilege to
/// see other sessions) only cost the message, never the run.
/// </remarks>
public sealed partial class LockWaitWatch : IAsyncDisposable
{
    public static readonly TimeSpan FirstLook = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Reminder = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Look = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;

    private LockWaitWatch(Func<CancellationToken, Task<NpgsqlConnection>> openLookout, bool ownsLookout, Func<IReadOnlyCollection<int>> waiting, ILogger logger) =>
        watching = WatchAsync(openLookout, ownsLookout, waiting, logger, stop.Token);

    /// <summary>Watches one connection, from a connection of the watch's own, opened when the first look is due.</summary>
    /// <param name="waitingProcessId">The server process of the connection that may wait (<see cref="NpgsqlConnection.ProcessID"/>).</param>
    public static LockWaitWatch Start(NpgsqlDataSource dataSource, int waitingProcessId, ILogger logger) =>
        new(
            async cancellationToken =>
            {
                var lookout = await dataSource.OpenConnectionAsync(cancellationToken);
                // Idle a second between looks: a database's idle_session_timeout would end it under the watch.
                await IdleSessionLimit.LiftAsync(lookout, cancellationToken);
                return lookout;
            },
            ownsLookout: true,
            () => [waitingProcessId],
            logger);

    /// <summary>
    /// Watches every session of <paramref name="sessions"/> (connections that open while it watches too), from
    /// <paramref name="lookout"/>: a connection the caller holds and leaves idle meanwhile, so the watch costs the
    /// server no connection more than the run holds already.
    /// </summary>
    public static LockWaitWatch Start(NpgsqlConnection lookout, TargetSessions sessions, ILogger logger) =>
        new(_ => Task.FromResult(lookout), ownsLookout: false, () => sessions.ProcessIds, logger);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watching;
        stop.Dispose();
    }

    private static async Task WatchAsync(
        Func<CancellationToken, Task<NpgsqlConnection>> openLookout, bool ownsLookout, Func<IReadOnlyCollection<int>> waiting, ILogger logger, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            // A look every second from the first second on, a word once the step has run FirstLook and the same wait
            // was seen twice in a row: looking only at FirstLook, then every Reminder, missed a wait that began just
            // after that first look (a schema step slower than FirstLook) for half a minute.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan? lastWord = null;
            var seenBefore = false;
            while (true)
            {
                await Task.Delay(Look, cancellationToken);
                connection ??= await openLookout(cancellationToken);
                var blockers = await BlockersAsync(connection, waiting(), cancellationToken);
                var waited = clock.Elapsed;
                if (blockers.Count > 0 && seenBefore && waited >= FirstLook && (lastWord is null || waited - lastWord >= Reminder))
                {
                    foreach (var blocker in blockers)
                    {
                        Log.WaitingForLock(logger, (long)waited.TotalSeconds, blocker.ProcessId, blocker.User ?? "?", blocker.Application ?? "", blocker.State ?? "its state hidden from this user");
                    }

                    lastWord = waited;
                }

                seenBefore = blockers.Count > 0;
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
        finally
        {
            if (ownsLookout && connection is not null)
            {
                // Not back to the pool: its reset restores the database's idle_session_timeout, the server ends it
                // there, and the next step that rents it (the count check after the commit) found it dead.
                NpgsqlConnection.ClearPool(connection);
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The sessions holding a lock one of <paramref name="waitingProcessIds"/> waits for; none when none waits. The
    /// watched sessions themselves are never named: one of them may hold what another waits for only inside the run.
    /// </summary>
    private static async Task<List<Blocker>> BlockersAsync(NpgsqlConnection connection, IReadOnlyCollection<int> waitingProcessIds, CancellationToken cancellationToken)
    {
        // Another role's session shows its pid, user and application to anyone; its state only to its role, a
        // superuser or pg_read_all_stats (null otherwise).
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT b.pid, b.usename, b.application_name, b.state
            FROM unnest($1::integer[]) AS waiting(pid)
            CROSS JOIN LATERAL unnest(pg_blocking_pids(waiting.pid)) AS blocker(pid)
            JOIN pg_stat_activity b ON b.pid = blocker.pid
            WHERE blocker.pid <> ALL ($1::integer[])
            ORDER BY b.pid
            """, connection);
        command.Parameters.AddWithValue(waitingProcessIds.ToArray());
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
