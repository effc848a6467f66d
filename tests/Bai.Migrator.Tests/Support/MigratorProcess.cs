namespace Bai.Migrator.Tests.Support;

using System.Diagnostics;

/// <summary>
/// The migrator as a real child process, with exactly the environment Aspire would give it, for what only a
/// process shows: its exit code, its output, and what happens when it is killed.
/// </summary>
public sealed class MigratorProcess : IDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> errors;

    private MigratorProcess(Process process)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync();
        errors = process.StandardError.ReadToEndAsync();
    }

    public int Id => process.Id;

    public static MigratorProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Bai.Migrator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new MigratorProcess(Process.Start(start)!);
    }

    public void Kill() => process.Kill(entireProcessTree: false);

    /// <summary>
    /// Waits until the process, started with <c>BAI_TEST_PAUSE_AT</c>, announces its pause by creating <paramref name="marker"/>
    /// (<c>BAI_TEST_PAUSE_MARKER</c>); it then stays at that point until killed or until the marker is deleted. Fails when it exits first.
    /// </summary>
    public async Task WaitForPauseAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(marker))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The migrator exited with {process.ExitCode} before it paused.\n{await output}\n{await errors}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The migrator did not pause within {timeout}.");
            }

            await Task.Delay(25);
        }
    }

    public async Task<(int ExitCode, string Output, string Errors)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output, await errors);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
