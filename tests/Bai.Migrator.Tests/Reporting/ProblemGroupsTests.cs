namespace Bai.Migrator.Tests.Reporting;

using Bai.Core.Schema;
using Bai.Migrator.Copy;
using Bai.Migrator.Reporting;

/// <summary>
/// data-rules.md, "--bad-rows fail": every problem found, grouped by table and reason. The report keeps the first
/// <see cref="RejectionLog.KeptRows"/> rejected rows whole, and built its groups from those alone: past them a table's
/// problems were counted in the total and missing from the groups and the summary (a file whose invoices all had
/// dates as DD/MM/YYYY: 100,000 invoices and 450,078 items kept or counted, its 74,869 payments in no group).
/// </summary>
public sealed class ProblemGroupsTests
{
    [Fact]
    public void Problems_of_rows_past_the_kept_ones_are_grouped_with_their_counts_and_examples()
    {
        var log = new RejectionLog(keptRows: 3);
        for (var id = 1; id <= 4; id++)
        {
            log.Add(Rejected("invoices", id, new Problem("issue_date", "not-a-date", $"TEXT '3{id}/01/2024' is not a date (expected YYYY-MM-DD)", $"TEXT '3{id}/01/2024'")));
        }

        for (var id = 1; id <= 2; id++)
        {
            log.Add(Rejected("payments", id,
                new Problem("invoice_id", "rejected-parent", $"invoice_id {id} references a row of invoices that was rejected, so this row goes with it", $"INTEGER {id}"),
                new Problem("amount", "numeric-precision-loss", "REAL 0.125 is not a faithful numeric(12,2): it would round to 0.13", "REAL 0.125")));
        }

        var builder = new MigrationReportBuilder(new MigratorOptions { SqlitePath = "bai.db", StateFolder = "state", ReportPath = "migration.json", ExpectedAlembicVersion = BaiSchema.ExpectedAlembicVersion })
        {
            Rejections = log,
        };

        var report = builder.Build("refused", 2);

        Assert.Equal(6, report.RejectedRows);
        Assert.True(report.RejectedRowsTruncated);
        Assert.Equal(3, report.RejectedRowList.Count);
        Assert.Equal(
            [
                "invoices not-a-date 4 rows, examples 1 2 3 4",
                "payments numeric-precision-loss 2 rows, examples 1 2",
                "payments rejected-parent 2 rows, examples 1 2",
            ],
            report.Problems.Select(g => $"{g.Table} {g.Code} {g.Rows} rows, examples {string.Join(' ', g.Examples.Select(e => e.RowId))}"));
        Assert.Equal("invoice_id 2 references a row of invoices that was rejected, so this row goes with it", report.Problems[2].Examples[1].Reason);
    }

    [Fact]
    public void A_group_shows_at_most_ten_examples_of_any_number_of_rows()
    {
        var log = new RejectionLog(keptRows: 5);
        for (var id = 1; id <= 25; id++)
        {
            log.Add(Rejected("items", id, new Problem("unit_price", "not-a-number", "TEXT 'N/A' is not a decimal number", "TEXT 'N/A'")));
        }

        var report = new MigrationReportBuilder(new MigratorOptions { SqlitePath = "bai.db", StateFolder = "state", ReportPath = "migration.json", ExpectedAlembicVersion = BaiSchema.ExpectedAlembicVersion })
        {
            Rejections = log,
        }.Build("refused", 2);

        var group = Assert.Single(report.Problems);
        Assert.Equal(25, group.Rows);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), group.Examples.Select(e => e.RowId));
    }

    private static RejectedSourceRow Rejected(string table, long rowId, params Problem[] problems) =>
        new(table, rowId, "acct_0001", problems, "{}");
}
