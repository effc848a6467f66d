namespace Bai.Migrator.Tests.Telemetry;

using System.Diagnostics;

/// <summary>
/// A worker (Bai.Migrator.dll or Bai.Verifier.dll, both in this project's output) started as the AppHost starts a
/// project resource: its own working directory, no command-line arguments, and the environment Aspire gives it.
/// </summary>
public static class AspireWorker
{
    /// <summary>What the test runner's own environment could add that Aspire would set (or not) itself.</summary>
    private static readonly string[] OwnedPrefixes = ["ConnectionStrings__", "OTEL_", "Bai__", "BAI_"];

    /// <summary>
    /// The variables the AppHost sets for <c>migrator</c> and <c>verifier</c>: <c>WithReference(db)</c> and
    /// <c>WithReference(sqlite)</c> give the connection strings, the dashboard wiring gives the OTEL_ settings.
    /// </summary>
    /// <remarks>
    /// Aspire's dashboard takes OTLP over gRPC by default (OTEL_EXPORTER_OTLP_PROTOCOL=grpc); the test receiver
    /// speaks OTLP/HTTP only, so the protocol is set to http/protobuf, as an AppHost does for an HTTP OTLP endpoint.
    /// If our exporter ignored the variable it would talk gRPC (HTTP/2) to the receiver and nothing would arrive at
    /// /v1/traces: the tests that wait for those requests also prove the variable is honoured.
    /// (Aspire also sets OTEL_BSP_SCHEDULE_DELAY and similar timings; the workers flush on exit, so they do not matter here.)
    /// </remarks>
    public static Dictionary<string, string> Environment(string serviceName, string databaseConnectionString, string sqlitePath, Uri otlpEndpoint) => new()
    {
        ["ConnectionStrings__bai-db"] = databaseConnectionString,
        ["ConnectionStrings__bai-sqlite"] = $"Data Source={Path.GetFullPath(sqlitePath)}",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
    };

    /// <summary>Runs <paramref name="assembly"/> to its end; kills it and fails after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string assembly, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var key in start.Environment.Keys.Where(k => OwnedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{assembly} did not exit within {timeout}.");
        }

        return (process.ExitCode, await output, await errors);
    }
}
