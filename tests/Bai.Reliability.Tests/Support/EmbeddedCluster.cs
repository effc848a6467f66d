namespace Bai.Reliability.Tests.Support;

using System.Diagnostics;
using Bai.Core.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>The embedded PostgreSQL a child migrator started in a workspace, seen from outside: restart it, open it to look inside.</summary>
public static class EmbeddedCluster
{
    public static string DataDirectory(Workspace workspace) => Path.Combine(workspace.PostgresState, "server", "data");

    /// <summary>Starts the workspace's cluster (as the next run would find it) to check its content; dispose to stop it.</summary>
    public static async Task<EmbeddedPostgres> OpenAsync(Workspace workspace)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { StateDirectory = workspace.PostgresState }, NullLogger.Instance, timeout.Token);
    }

    /// <summary><c>pg_ctl restart -m fast</c>, as the account the server runs as: every connection is dropped.</summary>
    public static async Task RestartAsync(Workspace workspace)
    {
        var pgCtl = Directory.EnumerateFiles("/usr/lib/postgresql", "pg_ctl", SearchOption.AllDirectories).Order().LastOrDefault()
            ?? "pg_ctl";
        var log = Path.Combine(workspace.PostgresState, "server", "log", "postgres.log");
        string[] command = [pgCtl, "restart", "--mode=fast", "--wait", "--silent", $"--pgdata={DataDirectory(workspace)}", $"--log={log}"];
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", "setsid", .. command])
            : new ProcessStartInfo("setsid", command);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"pg_ctl restart failed: {await errors}");
    }
}
