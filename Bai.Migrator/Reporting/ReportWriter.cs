namespace Bai.Migrator.Reporting;

using Bai.Core;
using Bai.Core.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spectre.Console;

/// <summary>Writes the JSON report and prints the human summary; returns the run's exit code.</summary>
internal sealed partial class ReportWriter(MigratorOptions options, IAnsiConsole console, NpgsqlDataSource target, ILogger<ReportWriter> logger)
{
    /// <summary>Fails before the run when its report could not be written at its end (see <see cref="WritableFolder"/>).</summary>
    public void EnsureWritable() => ReportFile.EnsureWritable(ReportPath());

    public async Task<int> WriteAsync(MigrationReport report, CancellationToken cancellationToken)
    {
        var path = ReportPath();
        report = report with { Target = TargetName.Of(target.ConnectionString) };
        await ReportFile.WriteAsync(path, report, cancellationToken);

        PrintSummary(report, path);
        Log.ReportWritten(logger, path, report.Outcome, report.ExitCode);
        return report.ExitCode;
    }

    private string ReportPath() => PathFor(options);

    /// <summary>Where the run's report goes: --report, else <c>reports/migration-&lt;time&gt;.json</c> in the state folder.</summary>
    public static string PathFor(MigratorOptions options) =>
        ReportFile.PathFor(options.ReportPath, Path.Combine(options.StateFolder, "reports"), $"migration-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'.'fff'Z'}.json");

    private void PrintSummary(MigrationReport report, string path)
    {
        if (report.Tables.Count > 0)
        {
            var table = new Table().Title("Bai.Migrator").AddColumns("table", "source", "migrated", "rejected", "seconds", "rows/s", "readers");
            foreach (var t in report.Tables)
            {
                table.AddRow(t.Table, $"{t.Source:N0}", $"{t.Migrated:N0}", $"{t.Rejected:N0}", $"{t.Seconds:0.00}", $"{t.RowsPerSecond:N0}", $"{t.Readers}");
            }

            console.Write(table);
        }

        if (report.Timings.Count > 0)
        {
            // Where the run's time went; the CPU column is this process's, so a step with little of it waited on the server.
            var steps = new Table().AddColumns("step", "seconds", "migrator CPU s");
            foreach (var t in report.Timings)
            {
                steps.AddRow(t.Step, $"{t.Seconds:0.00}", $"{t.ClientCpuSeconds:0.00}");
            }

            console.Write(steps);
        }

        foreach (var group in report.Problems)
        {
            console.MarkupLineInterpolated($"[yellow]{group.Table}[/] {group.Code}: {Counted.Of(group.Rows, "row")}, e.g. rowid {group.Examples[0].RowId}: {group.Examples[0].Reason}");
        }

        foreach (var drift in report.Drift)
        {
            console.MarkupLineInterpolated($"[red]schema drift[/] {drift.Detail}");
        }

        foreach (var left in report.LeftBehind)
        {
            console.MarkupLineInterpolated($"[yellow]not carried over[/] {left.Describe()} (its SQLite SQL is in the report)");
        }

        foreach (var mismatch in report.CountMismatches)
        {
            console.MarkupLineInterpolated($"[red]count mismatch[/] {mismatch.Table}: source {mismatch.Source:N0} != migrated {mismatch.Migrated:N0} + rejected {mismatch.Rejected:N0}");
        }

        var colour = report.ExitCode == 0 ? "green" : "red";
        console.MarkupLineInterpolated($"[{colour}]{report.Outcome}[/] (exit {report.ExitCode}); target: {report.Target}; report: {path}");
    }

    private static partial class Log
    {
        [LoggerMessage(1401, LogLevel.Information, "Report {ReportPath}: {Outcome} (exit code {ExitCode})")]
        public static partial void ReportWritten(ILogger logger, string reportPath, string outcome, int exitCode);
    }
}
