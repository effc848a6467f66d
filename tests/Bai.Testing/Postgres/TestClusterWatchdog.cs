namespace Bai.Testing.Postgres;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// Stops and deletes a test process's cluster once that process is gone. The test platform gives the test
/// host only VSTEST_TESTHOST_SHUTDOWN_TIMEOUT (100 ms by default) to exit before killing it, which an exit
/// handler cannot rely on; so a detached shell (own session, reparented to init, out of reach of a process
/// tree kill) waits for our pid to vanish, sends the postmaster SIGINT (PostgreSQL's fast shutdown), waits
/// for it, and removes the folder. Nothing secret is on its command line.
/// </summary>
internal static class TestClusterWatchdog
{
    private const string Script =
        """
        while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
        pid=$(head -n 1 "$3/postmaster.pid" 2>/dev/null)
        if [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; then
            n=0; while kill -0 "$pid" 2>/dev/null && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done
        fi
        rm -rf "$2"
        """;

    public static void Start(string stateDirectory, string dataDirectory)
    {
        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "--fork", "sh", "-c", Script, "bai-test-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), stateDirectory, dataDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo);
    }
}
