namespace Bai.Testing.Postgres;

using System.Diagnostics;
using System.Net.Sockets;
using Bai.Core.Postgres;
using Npgsql;

/// <summary>
/// PgBouncer in front of the test server, for bai_user, by default in transaction mode (its usual production setting): each
/// transaction, or each statement outside one, may run on another server session, and a session keeps what a
/// client left on it (settings, session-level locks) for the next client. Started from the machine's binary (Debian's
/// package, installed by <c>.ci/run</c>), as the server's account when we are root: PgBouncer refuses root too.
/// </summary>
public sealed class TestPgBouncer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/pgbouncer";

    private readonly Process process;
    private readonly string folder;

    private TestPgBouncer(Process process, string folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts a pooler in front of <paramref name="server"/>; it fails, rather than skips, without the binary.</summary>
    /// <param name="poolMode">PgBouncer's pool_mode: transaction (its usual production setting), session or statement.</param>
    public static async Task<TestPgBouncer> StartAsync(TestPostgresServer server, string poolMode = "transaction")
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: apt-get install pgbouncer (.ci/run does).");
        }

        // FreePort.Pick lets its port go before PgBouncer binds it, and the tools' connections (one per step, unpooled)
        // take their source ports from the same range: a port taken in between makes PgBouncer exit, so try another.
        for (var attempt = 1; ; attempt++)
        {
            var pooler = await StartOnFreePortAsync(server, poolMode);
            try
            {
                await pooler.WaitUntilListeningAsync(TimeSpan.FromSeconds(30));
                return pooler;
            }
            catch (PortTakenException) when (attempt < PortAttempts)
            {
                await pooler.DisposeAsync();
            }
        }
    }

    private const int PortAttempts = 5;

    private static async Task<TestPgBouncer> StartOnFreePortAsync(TestPostgresServer server, string poolMode)
    {
        var target = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
        var application = new NpgsqlConnectionStringBuilder(server.ApplicationConnectionStringFor("postgres"));
        var folder = Directory.CreateTempSubdirectory("bai-pgbouncer-").FullName;
        var account = ServerAccount.Detect();
        account.TakeOwnership(folder);
        var port = FreePort.Pick();
        var users = Path.Combine(folder, "users.txt");
        var configuration = Path.Combine(folder, "pgbouncer.ini");
        await File.WriteAllTextAsync(users, $"\"{application.Username}\" \"{application.Password}\"\n");
        await File.WriteAllTextAsync(configuration, $"""
            [databases]
            * = host={target.Host} port={target.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {users}
            pool_mode = {poolMode}
            default_pool_size = 20
            max_client_conn = 200
            ignore_startup_parameters = extra_float_digits,options
            logfile = {Path.Combine(folder, "pgbouncer.log")}
            """);
        account.TakeOwnership(users);
        account.TakeOwnership(configuration);
        File.SetUnixFileMode(users, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // -q: its log goes to the log file only (an unread stderr pipe would stop it once full).
        var command = account.AsServer(new ProcessCommand(Binary, ["-q", configuration]));
        var start = new ProcessStartInfo(command.FileName);
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new TestPgBouncer(Process.Start(start)!, folder, port);
    }

    /// <summary>bai_user on <paramref name="database"/> through the pooler.</summary>
    public string ApplicationConnectionStringFor(TestPostgresServer server, string database) =>
        new NpgsqlConnectionStringBuilder(server.ApplicationConnectionStringFor(database))
        {
            Host = "127.0.0.1",
            Port = Port,
            SslMode = SslMode.Disable,
        }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var path = Path.Combine(folder, "pgbouncer.log");
                var log = File.Exists(path) ? await File.ReadAllTextAsync(path) : "no log";
                var message = $"PgBouncer exited with {process.ExitCode}: {log}";
                throw log.Contains("Address already in use", StringComparison.Ordinal)
                    ? new PortTakenException(message)
                    : new InvalidOperationException(message);
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"PgBouncer did not listen on port {Port} within {timeout}.");
    }
}

/// <summary>PgBouncer could not bind the port it was given: another socket took it after FreePort.Pick let it go.</summary>
internal sealed class PortTakenException(string message) : InvalidOperationException(message);
