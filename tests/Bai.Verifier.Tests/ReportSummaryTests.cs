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
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "source.db", 1, null, ["counts", "content", "schema"], [],
            FindingsTotal: 1_032, FindingsOmitted: 1_000, findings, "differences found: 1,032 findings in 3 checks", 2, []);

        await new VerificationReportWriter(console, NullLogger<VerificationReportWriter>.Instance).WriteAsync(report, Path.Combine(folder, "r.json"), folder, CancellationToken.None);

        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("counts users account acct_0005: source has 0 rows, the target 3 migrated + 0 rejected", lines);
        Assert.Contains("schema payments constraint fk_payments_invoice_id: the model defines on delete no action", lines);
        Assert.Contains("content invoices account acct_0001 id 1 column notes: notes differs", lines);
        Assert.Contains("... 1,012 more findings: 12 in the report, 1,000 counted only", lines);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
