namespace Bai.Core.Tests.Postgres;

using System.Diagnostics;
using Bai.Core.Postgres;
using Bai.Testing;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>The two ways the server runs: as the postgres account under a root process, and directly under a normal one.</summary>
public sealed class AccountTests : IDisposable
{
    private readonly List<string> cleanup = [];
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));

    public void Dispose()
    {
        timeout.Dispose();
        foreach (var path in cleanup.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task Runs_under_a_normal_account_running_the_binaries_directly()
    {
        // As root, run this test assembly's probe (Program.cs) as the unprivileged postgres account; as a normal
        // user the probe simply runs as that user. Copied to a folder every account can read: the checkout may not be.
        var probeDirectory = Temporary("bai-probe");
        Directory.CreateDirectory(probeDirectory);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            File.Copy(file, Path.Combine(probeDirectory, Path.GetFileName(file)));
        }

        var stateDirectory = Temporary("bai-probe-state");
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var probe = new ProcessCommand(dotnet, [Path.Combine(probeDirectory, "Bai.Core.Tests.dll"), "probe", stateDirectory])
        {
            Environment = new Dictionary<string, string?> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        if (Environment.IsPrivilegedProcess)
        {
            Run(new("chmod", ["-R", "a+rX", probeDirectory]));
            Directory.CreateDirectory(stateDirectory);
            Run(new("chown", [$"{ServerAccount.SystemAccount}:", stateDirectory]));
            probe = probe with { FileName = "/usr/sbin/runuser", Arguments = ["-u", ServerAccount.SystemAccount, "--", probe.FileName, .. probe.Arguments] };
        }

        var result = await ProcessRunner.RunAsync(probe, TimeSpan.FromMinutes(3), timeout.Token);

        Assert.True(result.ExitCode == 0, result.Tail());
        Assert.Equal(["connected bai_user@bai_db", "privileged False leftover 0"], result.StandardOutput.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_state_folder_the_postgres_account_cannot_enter_moves_the_server_data_to_var_tmp()
    {
        RootOnly.Require("only a root process hands the server to the postgres account, and only then can a state folder that account cannot enter move the server's data to /var/tmp");

        // Like a checkout under /root: a root-only parent.
        var parent = Temporary("bai-private");
        Directory.CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new EmbeddedPostgresOptions { StateDirectory = Path.Combine(parent, "state"), Durable = false };

        string dataDirectory;
        await using (var server = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, timeout.Token))
        {
            dataDirectory = server.DataDirectory;
            cleanup.Add(Path.GetDirectoryName(dataDirectory)!);
            Assert.Equal(1, await PostgresQueries.ScalarAsync<int>(server.ApplicationConnectionString, "SELECT 1", timeout.Token));
        }

        Assert.StartsWith("/var/tmp/bai-postgres/", dataDirectory, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(parent, "state", "bai_user.password")));
        Assert.Empty(ClusterProcesses.Find(dataDirectory));
    }

    private string Temporary(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        cleanup.Add(path);
        return path;
    }

    private static void Run(ProcessCommand command)
    {
        var result = ProcessRunner.Run(command, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Tail());
    }
}
