namespace Bai.Core.Postgres;

using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>Creates, starts, checks and stops one cluster through initdb and pg_ctl.</summary>
internal sealed partial class ServerProcess(PostgresBinaries binaries, ServerAccount account, ClusterLayout layout, ILogger logger)
{
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(90);

    public bool IsInitialized => File.Exists(Path.Combine(layout.DataDirectory, "PG_VERSION"));

    public async Task InitializeAsync(string superuserPassword, CancellationToken cancellationToken)
    {
        if (Directory.Exists(layout.DataDirectory))
        {
            // A data folder without PG_VERSION is the remains of an interrupted initdb: start over.
            Directory.Delete(layout.DataDirectory, recursive: true);
        }

        Log.CreatingCluster(logger, layout.DataDirectory);
        // initdb reads the password from a file (never its arguments); the file lives only while initdb runs.
        var passwordFile = Path.Combine(layout.ServerDirectory, $"initdb-{Guid.NewGuid():N}.pw");
        SecretFile.Create(passwordFile, superuserPassword);
        try
        {
            account.TakeOwnership(passwordFile);
            await RunAsync(
                account.AsServer(new(binaries.InitDb, [
                    $"--pgdata={layout.DataDirectory}", $"--username={Provisioner.Superuser}", $"--pwfile={passwordFile}",
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C",
                    // The cluster is rebuilt from the source at will: initdb's own fsync pass only costs time.
                    "--no-sync", "--no-instructions"])),
                "initdb",
                cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await File.AppendAllTextAsync(Path.Combine(layout.DataDirectory, "postgresql.conf"), ServerConfiguration.IncludeLine, cancellationToken);
    }

    /// <summary>Starts the server on <paramref name="port"/>; false when the port was taken meanwhile.</summary>
    public async Task<bool> TryStartAsync(int port, bool durable, CancellationToken cancellationToken)
    {
        var configFile = Path.Combine(layout.DataDirectory, ServerConfiguration.FileName);
        await File.WriteAllTextAsync(configFile, ServerConfiguration.Render(port, layout.SocketDirectory, durable), cancellationToken);
        account.TakeOwnership(configFile);

        Log.StartingServer(logger, port, layout.DataDirectory);
        var logLength = File.Exists(layout.LogFile) ? new FileInfo(layout.LogFile).Length : 0;
        var result = await ProcessRunner.RunAsync(
            account.AsDetachedServer(new(binaries.PgCtl, ["start", "--silent", "--wait", $"--timeout={PgCtlTimeout.TotalSeconds:0}", $"--pgdata={layout.DataDirectory}", $"--log={layout.LogFile}"])),
            PgCtlTimeout + TimeSpan.FromSeconds(10),
            cancellationToken);
        if (result.ExitCode == 0)
        {
            return true;
        }

        var serverLog = ReadFrom(layout.LogFile, logLength);
        if (serverLog.Contains("could not bind", StringComparison.Ordinal) || serverLog.Contains("already in use", StringComparison.Ordinal))
        {
            Log.PortTaken(logger, port);
            return false;
        }

        throw new BaiEnvironmentException($"The embedded PostgreSQL did not start; its log is '{layout.LogFile}' ({Last(serverLog + result.Tail(300))}).");
    }

    public void Stop(bool immediate)
    {
        Log.StoppingServer(logger, layout.DataDirectory);
        var mode = immediate ? "immediate" : "fast";
        var result = ProcessRunner.Run(
            account.AsServer(new(binaries.PgCtl, ["stop", "--silent", "--wait", $"--timeout={PgCtlTimeout.TotalSeconds:0}", $"--pgdata={layout.DataDirectory}", $"--mode={mode}"])),
            PgCtlTimeout + TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0 && !immediate && PostmasterPidFile.Read(layout.DataDirectory) is not null)
        {
            Stop(immediate: true);
            return;
        }

        // pg_ctl returns once postmaster.pid is gone, which the postmaster removes just before it exits: wait
        // for the process itself, so a caller that deletes the folder or starts again right away finds it gone.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (ClusterProcesses.Find(layout.DataDirectory).Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }

    public static async Task<bool> IsHealthyAsync(string superuserConnectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(superuserConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return await command.ExecuteScalarAsync(cancellationToken) is 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Clears what a killed postmaster leaves: its orphaned children (they notice the death and exit; we wait,
    /// then kill the stragglers, since the server refuses to start while they hold its shared memory) and its
    /// postmaster.pid, which could name a recycled pid. PostgreSQL then replays its WAL on start.
    /// </summary>
    public async Task RecoverStaleAsync(CancellationToken cancellationToken)
    {
        Log.RecoveringStaleCluster(logger, layout.DataDirectory);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (ClusterProcesses.Find(layout.DataDirectory) is { Count: > 0 } leftovers)
        {
            if (DateTime.UtcNow > deadline)
            {
                foreach (var pid in leftovers)
                {
                    Kill(pid);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        File.Delete(PostmasterPidFile.PathIn(layout.DataDirectory));
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static async Task RunAsync(ProcessCommand command, string what, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(command, PgCtlTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new BaiEnvironmentException($"{what} failed with exit code {result.ExitCode}: {Last(result.Tail(300))}");
        }
    }

    private static string ReadFrom(string path, long offset)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Last(string text) => text.Trim().ReplaceLineEndings(" ") is var flat && flat.Length > 300 ? flat[^300..] : flat;

    private static partial class Log
    {
        [LoggerMessage(1010, LogLevel.Information, "Creating the embedded PostgreSQL cluster in {DataDirectory}")]
        public static partial void CreatingCluster(ILogger logger, string dataDirectory);

        [LoggerMessage(1011, LogLevel.Information, "Starting the embedded PostgreSQL on 127.0.0.1:{Port} ({DataDirectory})")]
        public static partial void StartingServer(ILogger logger, int port, string dataDirectory);

        [LoggerMessage(1012, LogLevel.Warning, "Port {Port} was taken before the embedded PostgreSQL could bind it; trying another")]
        public static partial void PortTaken(ILogger logger, int port);

        [LoggerMessage(1013, LogLevel.Information, "Stopping the embedded PostgreSQL ({DataDirectory})")]
        public static partial void StoppingServer(ILogger logger, string dataDirectory);

        [LoggerMessage(1014, LogLevel.Warning, "The embedded PostgreSQL in {DataDirectory} was not shut down cleanly (killed?); recovering it")]
        public static partial void RecoveringStaleCluster(ILogger logger, string dataDirectory);
    }
}
