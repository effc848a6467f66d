namespace Bai.Testing.Processes;

using System.Diagnostics;
using Bai.Core;

/// <summary>
/// Bai.Migrator as a user runs it: a child process (<c>dotnet exec Bai.Migrator.dll</c>, which the build copies beside
/// every test project that references Bai.Migrator), configured through the environment as Aspire would. For what only
/// a process shows: its exit code and output, and what happens when it is killed, interrupted or held at a pause point
/// (<see cref="PausePoints"/>).
/// </summary>
public sealed class MigratorProcess : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly Process process;
    private readonly string? marker;
    private readonly ProcessOutput output;
    private int? exitCode;

    private MigratorProcess(Process process, string? marker, Action<string>? onOutputLine)
    {
        this.process = process;
        this.marker = marker;
        output = new ProcessOutput(process, onOutputLine);
    }

    /// <summary>What it has written to stdout so far (all of it once <see cref="WaitAsync"/> returned).</summary>
    public string Output => output.Output;

    /// <summary>What it has written to stderr so far (all of it once <see cref="WaitAsync"/> returned).</summary>
    public string Errors => output.Errors;

    public int ExitCode => exitCode ?? throw new InvalidOperationException("The migrator has not exited yet: await WaitAsync first.");

    /// <summary>The one sentence the worker prints for an environment fault: stderr alone, on one line.</summary>
    public string Sentence => Errors.Trim();

    /// <summary>Runs the migrator to its end in <paramref name="workingFolder"/> (its state folder there too), killed after two minutes.</summary>
    public static Task<MigratorProcess> RunAsync(string workingFolder, string connectionString, params string[] arguments) =>
        RunAsync(workingFolder, connectionString, onOutputLine: null, arguments);

    /// <param name="onOutputLine">Called with each line of stdout as it comes: what the run says while it runs (a test
    /// that holds something up until the run has said so).</param>
    public static async Task<MigratorProcess> RunAsync(string workingFolder, string connectionString, Action<string>? onOutputLine, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__bai-db"] = connectionString,
            ["Bai__StateFolder"] = Path.Combine(workingFolder, "state"),
        };
        using var run = Start(environment, pauseAt: null, marker: null, arguments, workingFolder: workingFolder, onOutputLine: onOutputLine);
        await run.WaitAsync(RunTimeout);
        return run; // exited: its exit code and output outlive the process handle
    }

    /// <param name="environment">Added to the inherited environment; a null value removes the variable.</param>
    /// <param name="pauseAt">A pause point (<see cref="PausePoints"/>) to hold the run at, with <paramref name="marker"/> announcing it.</param>
    /// <param name="wrapper">A command that runs the migrator (strace, setpriv): its arguments come before <c>dotnet exec</c>.</param>
    /// <param name="applicationFolder">Where Bai.Migrator.dll is; the test's own output folder unless the child's user cannot reach it.</param>
    /// <param name="workingFolder">The current directory of the child; the application folder unless given.</param>
    /// <param name="onOutputLine">Called with each line of stdout as it comes.</param>
    public static MigratorProcess Start(
        IReadOnlyDictionary<string, string?> environment,
        string? pauseAt,
        string? marker,
        IEnumerable<string> arguments,
        IEnumerable<string>? wrapper = null,
        string? applicationFolder = null,
        string? workingFolder = null,
        Action<string>? onOutputLine = null)
    {
        var start = MigratorStartInfo.Create(environment, pauseAt, marker, arguments, wrapper, applicationFolder, workingFolder);
        return new MigratorProcess(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start."), marker, onOutputLine);
    }

    /// <summary>Waits until the process announces its pause by creating its marker file; fails when it exits first.</summary>
    public async Task WaitForPauseAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(PauseMarker))
        {
            if (process.HasExited)
            {
                await WaitAsync(TimeSpan.FromSeconds(10)); // the rest of its output, for the message
                throw new InvalidOperationException($"The migrator exited with {ExitCode} before it paused.\n{Output}\n{Errors}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The migrator did not pause within {timeout}.\n{Output}\n{Errors}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Lets a paused process go on (it waits while its marker file exists).</summary>
    public void Resume() => File.Delete(PauseMarker);

    /// <summary>
    /// SIGKILL: the process ends where it is, with no chance to clean up, as on a crash or an OOM kill. The migrator
    /// alone: an embedded PostgreSQL it started outlives it, as after a real crash.
    /// </summary>
    public void Kill() => process.Kill(entireProcessTree: false);

    /// <summary>SIGINT, what Ctrl+C in a terminal sends (.NET's Process sends no signal but SIGKILL, hence kill(1)).</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", $"{process.Id}"]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit and the last of its output; returns the exit code (128 + n when signal n ended it).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            await output.Reading.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The migrator did not exit within {timeout}.\n{Output}\n{Errors}");
        }

        exitCode = process.ExitCode;
        return process.ExitCode;
    }

    /// <summary>Kills a run the test left behind (it failed while the run was paused, or the run timed out).</summary>
    public void Dispose()
    {
        if (exitCode is null && !process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    public override string ToString() => $"exit {exitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";

    private string PauseMarker => marker ?? throw new InvalidOperationException("The migrator was started without a pause point.");
}
