namespace Bai.Migrator.Tests.Environment;

using System.Diagnostics;

/// <summary>
/// Bai.Migrator as a user runs it: a child process (<c>dotnet exec Bai.Migrator.dll</c>, which the build copies beside
/// the tests), configured through the environment as Aspire would, with its exit code and both output streams.
/// </summary>
public sealed record MigratorProcess(int ExitCode, string StandardOutput, string StandardError)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static Task<MigratorProcess> RunAsync(string workingFolder, string connectionString, params string[] arguments) =>
        RunAsync(workingFolder, connectionString, onOutputLine: null, arguments);

    /// <param name="onOutputLine">Called with each line of stdout as it comes: what the run says while it runs (a test
    /// that holds something up until the run has said so).</param>
    public static async Task<MigratorProcess> RunAsync(string workingFolder, string connectionString, Action<string>? onOutputLine, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bai.Migrator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__bai-db"] = connectionString;
        start.Environment["Bai__StateFolder"] = Path.Combine(workingFolder, "state");
        start.Environment.Remove("BAI_DEBUG");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = ReadLinesAsync(process.StandardOutput, onOutputLine);
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Bai.Migrator did not exit within {Timeout}: {await output} {await error}");
        }

        return new MigratorProcess(process.ExitCode, await output, await error);
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string>? onLine)
    {
        var all = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            all.Append(line).Append('\n');
            onLine?.Invoke(line);
        }

        return all.ToString();
    }

    /// <summary>The one sentence the worker prints for an environment fault: stderr alone, on one line.</summary>
    public string Sentence => StandardError.Trim();

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
