namespace Bai.Reliability.Tests.Support;

using System.Text.Json;
using Bai.Migrator;

/// <summary>One migrator run in this process (its real Main), with what it returned, wrote to stderr and reported.</summary>
public sealed record MigratorRun(int ExitCode, string Errors, JsonDocument? Report, string ReportPath)
{
    public string Outcome => Report?.RootElement.GetProperty("outcome").GetString() ?? "";

    /// <param name="connectionString">The target; null for the embedded PostgreSQL in the workspace.</param>
    internal static async Task<MigratorRun> InProcessAsync(Workspace workspace, string? connectionString, params string[] args)
    {
        var report = workspace.NewReportPath();
        var errors = new StringWriter();
        var configuration = new Dictionary<string, string?>
        {
            ["Bai:StateFolder"] = workspace.StateFolder,
            ["Bai:Postgres:StateDirectory"] = workspace.PostgresState,
        };
        if (connectionString is not null)
        {
            configuration["ConnectionStrings:bai-db"] = connectionString;
        }

        var code = await MigratorEntryPoint.RunAsync(["--sqlite", workspace.SqlitePath, "--report", report, .. args], configuration, errors);
        var document = File.Exists(report) ? JsonDocument.Parse(await File.ReadAllTextAsync(report)) : null;
        return new MigratorRun(code, errors.ToString(), document, report);
    }

    /// <summary>The environment that points a child migrator at <paramref name="connectionString"/> (null: the embedded server).</summary>
    public static Dictionary<string, string?> Environment(Workspace workspace, string? connectionString) => new()
    {
        ["ConnectionStrings__bai-db"] = connectionString,
        ["Bai__StateFolder"] = workspace.StateFolder,
        ["Bai__Postgres__StateDirectory"] = workspace.PostgresState,
    };
}
