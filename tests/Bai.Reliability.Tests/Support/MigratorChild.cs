namespace Bai.Reliability.Tests.Support;

using System.Diagnostics;
using System.Globalization;
using System.Text;

/// <summary>
/// The migrator as a real child process (<c>dotnet exec Bai.Migrator.dll</c>), for what only a process shows: its
/// exit code and output when it is killed, interrupted or paused at a named point (<c>BAI_TEST_PAUSE_AT</c>).
/// </summary>
public sealed class MigratorChild : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();
    private readonly string? marker;

    private MigratorChild(Process process, string? marker)
    {
        this.process = process;
        this.marker = marker;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Output => Read(output);

    public string Errors => Read(errors);

    /// <param name="environment">Added to the inherited environment; a null value removes the variable.</param>
    /// <param name="pauseAt">A pause point (Bai.Core's PausePoints) to hold the run at, with <paramref name="marker"/> announcing it.</param>
    /// <param name="applicationFolder">Where Bai.Migrator.dll is; the test's own output folder unless the child's user cannot reach it.</param>
    public static MigratorChild Start(IReadOnlyDictionary<string, string?> environment, string? pauseAt, string? marker, IEnumerable<string> args, IEnumerable<string>? wrapper = null, string? applicationFolder = null)
    {
        var folder = applicationFolder ?? AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "Bai.Migrator.dll");
        var command = (wrapper ?? []).Concat(["dotnet", "exec", dll]).Concat(args).ToList();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        // Not a terminal: progress comes as log lines. Nothing from the test host's own configuration leaks in.
        start.Environment.Remove("ConnectionStrings__bai-db");
        start.Environment.Remove("BAI_TEST_PAUSE_AT");
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        if (pauseAt is not null)
        {
            start.Environment["BAI_TEST_PAUSE_AT"] = pauseAt;
            start.Environment["BAI_TEST_PAUSE_MARKER"] = marker ?? throw new ArgumentNullException(nameof(marker));
        }

        return new MigratorChild(Process.Start(start)!, marker);
    }

    /// <summary>Waits until the process announces its pause; fails when it exits first.</summary>
    public async Task WaitForPauseAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(marker))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The migrator exited with {process.ExitCode} before it paused.\n{Output}\n{Errors}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The migrator did not pause within {timeout}.\n{Output}\n{Errors}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Lets a paused process go on (it waits while its marker file exists).</summary>
    public void Resume() => File.Delete(marker!);

    public void KillHard() => Signal("KILL");

    /// <summary>What Ctrl+C in a terminal sends.</summary>
    public void Interrupt() => Signal("INT");

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The migrator did not exit within {timeout}.\n{Output}\n{Errors}");
        }

        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    private static string Read(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
