namespace Bai.Core.Postgres;

using System.ComponentModel;
using System.Diagnostics;

/// <summary>Runs a program to completion with a timeout, capturing its output.</summary>
internal static class ProcessRunner
{
    public static ProcessResult Run(ProcessCommand command, TimeSpan timeout) =>
        RunAsync(command, timeout, CancellationToken.None).GetAwaiter().GetResult();

    /// <exception cref="TimeoutException">The program did not end within <paramref name="timeout"/>; it was killed.</exception>
    /// <exception cref="Win32Exception">The program does not exist or cannot be executed.</exception>
    public static async Task<ProcessResult> RunAsync(ProcessCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (command.RemoveInherited is { } remove)
        {
            foreach (var name in startInfo.Environment.Keys.Where(remove).ToList())
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new Win32Exception($"Could not start {command.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (command.StandardInput is { } input)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program ended without reading all its input; its exit code and output tell why.
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(command.FileName)} did not finish within {timeout.TotalSeconds:0} seconds.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
