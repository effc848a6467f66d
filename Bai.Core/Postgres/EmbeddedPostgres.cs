namespace Bai.Core.Postgres;

using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// A PostgreSQL cluster of our own, built from the machine's server binaries, for runs with no
/// <c>ConnectionStrings:bai-db</c> (issue 2, "Embedded PostgreSQL"). Created on first use, reused with its data
/// afterwards, shared by the processes using the same state folder (the last one out stops it), recovered
/// after a kill, and stopped on dispose, process exit or an unhandled Ctrl+C.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(3);
    private const int PortAttempts = 5;

    private readonly ServerProcess server;
    private readonly ClusterLayout layout;
    private readonly string registration;
    private readonly ILogger logger;
    private readonly ShutdownHooks hooks;
    private int released;

    private EmbeddedPostgres(ServerProcess server, ClusterLayout layout, string registration, int port, string superuserPassword, string applicationPassword, ILogger logger)
    {
        this.server = server;
        this.layout = layout;
        this.registration = registration;
        this.logger = logger;
        Port = port;
        SuperuserConnectionString = ConnectionString(port, "postgres", Provisioner.Superuser, superuserPassword);
        ApplicationConnectionString = ConnectionString(port, Provisioner.ApplicationDatabase, Provisioner.ApplicationRole, applicationPassword);
        hooks = new ShutdownHooks(Release);
    }

    /// <summary>bai_user on bai_db: what the migrator, the verifier and the tests connect as.</summary>
    public string ApplicationConnectionString { get; }

    /// <summary>The cluster's superuser on the <c>postgres</c> database, for provisioning and test set-up only.</summary>
    public string SuperuserConnectionString { get; }

    public int Port { get; }

    public string DataDirectory => layout.DataDirectory;

    /// <exception cref="BaiEnvironmentException">The machine cannot run the embedded server; the message says why in one sentence.</exception>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (OperatingSystem.IsWindows())
        {
            throw new BaiEnvironmentException("The embedded PostgreSQL runs on Linux and macOS only; on Windows configure ConnectionStrings:bai-db.");
        }

        var binaries = PostgresBinaries.Locate(options.BinDirectory);
        var account = ServerAccount.Detect();
        var layout = ClusterLayout.Prepare(options.StateDirectory, account);
        if (layout.UsesFallback)
        {
            Log.UsingFallbackFolder(logger, account.OtherUser, layout.StateDirectory, layout.ServerDirectory);
        }

        var server = new ServerProcess(binaries, account, layout, logger);
        var clients = new ClientRegistry(layout.ClientsDirectory);
        using var stateLock = await StateLock.AcquireAsync(layout.LockFile, LockTimeout, cancellationToken);

        var superuserPassword = SecretFile.Read(layout.SuperuserPasswordFile);
        if (!server.IsInitialized)
        {
            superuserPassword ??= SecretFile.Create(layout.SuperuserPasswordFile, SecretFile.Generate());
            await server.InitializeAsync(superuserPassword, cancellationToken);
        }
        else if (superuserPassword is null)
        {
            throw new BaiEnvironmentException(
                $"The embedded PostgreSQL cluster in '{layout.DataDirectory}' exists but its password file '{layout.SuperuserPasswordFile}' is gone; delete the state folder '{layout.StateDirectory}' to start afresh.");
        }

        var applicationPassword = SecretFile.ReadOrCreate(layout.ApplicationPasswordFile);
        var (port, startedHere) = await EnsureRunningAsync(server, layout, options, superuserPassword, logger, cancellationToken);
        try
        {
            if (startedHere)
            {
                // Every start re-runs the idempotent script: it also repairs a role someone altered.
                await Provisioner.RunAsync(binaries, port, superuserPassword, applicationPassword, cancellationToken);
            }

            var embedded = new EmbeddedPostgres(server, layout, clients.Register(), port, superuserPassword, applicationPassword, logger);
            Log.Ready(logger, port, startedHere ? "started" : "reused", layout.DataDirectory);
            return embedded;
        }
        catch when (clients.PruneAndCount() == 0)
        {
            server.Stop(immediate: false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        hooks.Dispose();
        await Task.Run(Release);
    }

    private static async Task<(int Port, bool StartedHere)> EnsureRunningAsync(
        ServerProcess server, ClusterLayout layout, EmbeddedPostgresOptions options, string superuserPassword, ILogger logger, CancellationToken cancellationToken)
    {
        if (PostmasterPidFile.Read(layout.DataDirectory) is { } running)
        {
            if (running.ProcessId > 0 && ClusterProcesses.IsOurs(running.ProcessId, layout.DataDirectory))
            {
                if (await ServerProcess.IsHealthyAsync(ConnectionString(running.Port, "postgres", Provisioner.Superuser, superuserPassword), cancellationToken))
                {
                    return (running.Port, false);
                }

                Log.RestartingUnhealthy(logger, running.ProcessId);
                server.Stop(immediate: true);
            }
            else
            {
                await server.RecoverStaleAsync(cancellationToken);
            }
        }

        for (var attempt = 0; attempt < PortAttempts; attempt++)
        {
            var port = options.Port ?? FreePort.Pick();
            if (await server.TryStartAsync(port, options.Durable, cancellationToken))
            {
                return (port, true);
            }

            if (options.Port is not null)
            {
                throw new BaiEnvironmentException($"Port {port} (Bai:Postgres:Port) is in use on 127.0.0.1; free it or remove the setting to let Bai pick one.");
            }
        }

        throw new BaiEnvironmentException($"The embedded PostgreSQL found no free loopback port in {PortAttempts} attempts; see its log '{layout.LogFile}'.");
    }

    /// <summary>Leaves the cluster, stopping it when no other live process uses it. Idempotent; also the shutdown hook.</summary>
    private void Release()
    {
        if (Interlocked.Exchange(ref released, 1) == 1)
        {
            return;
        }

        try
        {
            using var stateLock = StateLock.AcquireAsync(layout.LockFile, TimeSpan.FromSeconds(30), CancellationToken.None).GetAwaiter().GetResult();
            ClientRegistry.Unregister(registration);
            var others = new ClientRegistry(layout.ClientsDirectory).PruneAndCount();
            if (others == 0)
            {
                server.Stop(immediate: false);
            }
            else
            {
                Log.LeftRunning(logger, others);
            }
        }
        catch (Exception ex) when (ex is BaiEnvironmentException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            // Also runs at process exit, where throwing would only hide the real outcome; the next start recovers.
            Log.StopFailed(logger, ex);
        }
    }

    private static string ConnectionString(int port, string database, string username, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = database,
            Username = username,
            Password = password,
        }.ConnectionString;

    private static partial class Log
    {
        [LoggerMessage(1000, LogLevel.Information, "The {Account} account cannot enter the PostgreSQL state folder {StateDirectory}; the server's data lives in {ServerDirectory} instead")]
        public static partial void UsingFallbackFolder(ILogger logger, string? account, string stateDirectory, string serverDirectory);

        [LoggerMessage(1001, LogLevel.Information, "Embedded PostgreSQL ready on 127.0.0.1:{Port} ({How}, {DataDirectory})")]
        public static partial void Ready(ILogger logger, int port, string how, string dataDirectory);

        [LoggerMessage(1002, LogLevel.Warning, "The embedded PostgreSQL (pid {ProcessId}) does not answer; restarting it")]
        public static partial void RestartingUnhealthy(ILogger logger, int processId);

        [LoggerMessage(1003, LogLevel.Information, "Leaving the embedded PostgreSQL running for {Clients} other process(es)")]
        public static partial void LeftRunning(ILogger logger, int clients);

        [LoggerMessage(1004, LogLevel.Warning, "Could not stop the embedded PostgreSQL cleanly; the next start recovers it")]
        public static partial void StopFailed(ILogger logger, Exception exception);
    }
}
