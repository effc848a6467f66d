namespace Bai.Verifier.Tests;

using Bai.Verifier.Reporting;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

public sealed class ReportSummaryTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-summary-").FullName;

    /// <summary>
    /// A finding's console line names only the parts it has: a count per account has no id, a schema finding neither
    /// account nor id ("account - id -" read as a formatting leftover). And the findings not shown are told apart:
    /// those the report lists, and those it only counts.
    /// </summary>
    [Fact]
    public async Task The_console_says_only_what_a_finding_has_and_how_many_the_report_lists()
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = ToolConsole.RedirectedWidth;
        Finding[] findings =
        [
            new("counts", "users", "acct_0005", null, null, "0", "3", "source has 0 rows, the target 3 migrated + 0 rejected"),
            new("schema", "payments", null, null, null, "on delete no action", "on delete cascade", "the model defines on delete no action", "constraint fk_payments_invoice_id"),
            .. Enumerable.Range(1, 30).Select(i => new Finding("content", "invoices", "acct_0001", i, "notes", "a", "b", "notes differs")),
        ];
        var report = new VerificationReport(
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "source.db", 1, null, null, ["counts", "content", "schema"], [],
            FindingsTotal: 1_032, FindingsOmitted: 1_000, findings, "differences found: 1,032 findings in 3 checks", 2, []);

        await new VerificationReportWriter(console, NullLogger<VerificationReportWriter>.Instance).WriteAsync(report, Path.Combine(folder, "r.json"), folder, CancellationToken.None);

        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("counts users account acct_0005: source has 0 rows, the target 3 migrated + 0 rejected", lines);
        Assert.Contains("schema payments constraint fk_payments_invoice_id: the model defines on delete no action", lines);
        Assert.Contains("content invoices account acct_0001 id 1 column notes: notes differs", lines);
        Assert.Contains("... 1,012 more findings: 12 in the report, 1,000 counted only", lines);
    }

    /// <summary>
    /// A verification against the wrong file finds thousands of differences per table: the log (a terminal, the
    /// dashboard) carries the first 20 of each check and table and one line saying the rest are in the report, which
    /// still lists the first 1,000 of each and counts every one.
    /// </summary>
    [Fact]
    public void The_log_carries_the_first_findings_of_each_table_and_the_report_the_rest()
    {
        using var logs = new RecordedLogs();
        var collector = new FindingCollector(logs.CreateLogger("Bai.Verifier"));

        foreach (var id in Enumerable.Range(1, 1_500))
        {
            collector.Add(new Finding("content", "invoices", "acct_0001", id, null, null, null, "missing in the target"));
        }

        collector.Add(new Finding("content", "payments", "acct_0001", 7, null, null, null, "missing in the target"));
        collector.Add(new Finding("content", "customers", "acct_0001", 3, "notes", "Merci\tbien", "Merci\tbien ", "notes differs"));

        var messages = logs.Entries.Select(e => e.Message).ToList();
        Assert.Equal(20, messages.Count(m => m.StartsWith("content invoices: missing in the target", StringComparison.Ordinal)));
        Assert.Contains("content invoices: missing in the target (account acct_0001, id 20)", messages);
        Assert.DoesNotContain("content invoices: missing in the target (account acct_0001, id 21)", messages);
        Assert.Contains("content invoices: more than 20 findings, not logged one by one; the report lists the first 1000 and counts the rest", messages);
        Assert.Contains("content payments: missing in the target (account acct_0001, id 7)", messages);
        // Values quoted, a tab escaped: the trailing space of the target's value is seen.
        Assert.Contains("content customers: notes differs (account acct_0001, id 3, column notes, source \"Merci\\tbien\", target \"Merci\\tbien \")", messages);
        Assert.Equal(23, messages.Count);
        Assert.Equal(1_002, collector.Kept.Count);
        Assert.Equal(1_502, collector.Total);
        Assert.Equal(500, collector.Omitted);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
