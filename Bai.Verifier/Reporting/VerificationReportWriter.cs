namespace Bai.Verifier.Reporting;

using Bai.Core;
using Microsoft.Extensions.Logging;
using Spectre.Console;

/// <summary>Writes the JSON report and prints the human summary (check, scope, result, figures).</summary>
internal sealed partial class VerificationReportWriter(IAnsiConsole console, ILogger<VerificationReportWriter> logger)
{
    private const int FindingsShown = 20;

    /// <summary>Fails before the checks when their report could not be written after them (see <see cref="WritableFolder"/>).</summary>
    public static void EnsureWritable(string? path, string stateFolder) => ReportFile.EnsureWritable(ReportPath(path, stateFolder, DateTimeOffset.UtcNow));

    public async Task<string> WriteAsync(VerificationReport report, string? path, string stateFolder, CancellationToken cancellationToken)
    {
        path = ReportPath(path, stateFolder, report.StartedAt);
        await ReportFile.WriteAsync(path, report, cancellationToken);

        PrintSummary(report, path);
        Log.ReportWritten(logger, path, report.Outcome, report.ExitCode, report.FindingsTotal);
        return path;
    }

    private static string ReportPath(string? path, string stateFolder, DateTimeOffset startedAt) =>
        ReportFile.PathFor(path, Path.Combine(stateFolder, "reports"), $"verification-{startedAt.UtcDateTime:yyyyMMdd'T'HHmmss'.'fff'Z'}.json");

    private void PrintSummary(VerificationReport report, string path)
    {
        var table = new Table().Title("Bai.Verifier").AddColumns("check", "scope", "result", "figures");
        foreach (var r in report.Results)
        {
            var result = r.Passed ? "[green]pass[/]" : "[red]FAIL[/]";
            var figures = Markup.Escape(r.Note is null ? r.Figures : $"{r.Figures}; {r.Note}");
            table.AddRow(Markup.Escape(r.Check), Markup.Escape(r.Scope), result, figures);
        }

        console.Write(table);
        foreach (var f in report.Findings.Take(FindingsShown))
        {
            // Only the parts the finding has: "id -" read as a formatting leftover.
            var where = f.Table
                + (f.Account is null ? "" : $" account {f.Account}")
                + (f.Id is null ? "" : $" id {f.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
                + (f.Column is null ? "" : $" column {f.Column}")
                + (f.Object is null ? "" : $" {f.Object}");
            console.MarkupLineInterpolated($"[yellow]{f.Check}[/] {where}: {f.Message}");
        }

        if (report.FindingsTotal > FindingsShown)
        {
            // The report keeps at most 1,000 findings per check and table and counts the rest (FindingCollector).
            var inReport = Math.Max(report.Findings.Count - FindingsShown, 0);
            if (report.FindingsOmitted == 0)
            {
                console.MarkupLineInterpolated($"... {report.FindingsTotal - FindingsShown:N0} more findings in the report");
            }
            else
            {
                console.MarkupLineInterpolated($"... {report.FindingsTotal - FindingsShown:N0} more findings: {inReport:N0} in the report, {report.FindingsOmitted:N0} counted only");
            }
        }

        var colour = report.ExitCode == 0 ? "green" : "red";
        // "(exit 0, 0.8 s)" after the outcome: "...; the others were not run in 0.8 s" read as if they were not run in time.
        console.MarkupLineInterpolated($"[{colour}]{report.Outcome}[/] (exit {report.ExitCode}, {report.Seconds:0.0} s); target: {report.Target}; report: {path}");
    }

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Information, "Report {ReportPath}: {Outcome} (exit code {ExitCode}, {Findings} findings)")]
        public static partial void ReportWritten(ILogger logger, string reportPath, string outcome, int exitCode, long findings);
    }
}
