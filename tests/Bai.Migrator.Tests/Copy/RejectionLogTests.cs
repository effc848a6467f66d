namespace Bai.Migrator.Tests.Copy;

using Bai.Migrator.Copy;

/// <summary>
/// A table's readers collect its rejected rows each in a log of its own (<see cref="RejectionLog.ForPart"/>). Under
/// --bad-rows fail nothing is stored, and the report keeps the first <see cref="RejectionLog.KeptRows"/> rows whole:
/// a part kept every rejected row whole until the table's end all the same, 1.6 KB a row (a 625k-row file whose every
/// invoice had its date as DD/MM/YYYY peaked at 1.1 GB, where a clean run takes 139 MB; the 6.3M-row bench would have
/// needed 10 GB to say which rows it refuses). Memory now stops growing at the rows the report shows.
/// </summary>
public sealed class RejectionLogTests
{
    [Fact]
    public void Under_fail_a_part_keeps_whole_only_the_rows_the_report_has_room_for()
    {
        var log = new RejectionLog(keptRows: 5);
        log.Add(Rejected("invoices", 1, "not-a-date"));
        log.Add(Rejected("invoices", 2, "not-a-date"));

        var part = log.ForPart(keepEveryRow: false);
        for (var id = 1; id <= 1000; id++)
        {
            part.Add(Rejected("invoice_items", id, "rejected-parent"));
        }

        Assert.Equal((1000L, 3), (part.Total, part.Rows.Count));
    }

    [Fact]
    public void Under_quarantine_a_part_keeps_every_row_whole_for_the_quarantine()
    {
        var log = new RejectionLog(keptRows: 5);
        var part = log.ForPart(keepEveryRow: true);
        for (var id = 1; id <= 1000; id++)
        {
            part.Add(Rejected("invoice_items", id, "rejected-parent"));
        }

        Assert.Equal((1000L, 1000), (part.Total, part.Rows.Count));
    }

    /// <summary>Whatever each part kept, the table's log ends as if every row had been added to it in the parts' order.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parts_added_in_order_make_the_log_one_reader_would_have_made(bool keepEveryRow)
    {
        var rows = Enumerable.Range(1, 90).Select(id => Rejected("payments", id, id % 3 == 0 ? "orphan" : id < 60 ? "not-a-timestamp" : "cross-account")).ToList();
        var one = new RejectionLog(keptRows: 40);
        one.Add(Rejected("invoices", 1, "not-a-date"));
        var parted = new RejectionLog(keptRows: 40);
        parted.Add(Rejected("invoices", 1, "not-a-date"));

        foreach (var row in rows)
        {
            one.Add(row);
        }

        var parts = new[] { parted.ForPart(keepEveryRow), parted.ForPart(keepEveryRow), parted.ForPart(keepEveryRow) };
        for (var i = 0; i < rows.Count; i++)
        {
            parts[i * parts.Length / rows.Count].Add(rows[i]);
        }

        foreach (var part in parts)
        {
            parted.AddPart(part);
        }

        Assert.Equal(one.Total, parted.Total);
        Assert.Equal(one.Rows.Select(r => (r.Table, r.RowId)), parted.Rows.Select(r => (r.Table, r.RowId)));
        Assert.Equal(one.Counts.OrderBy(c => c.Key), parted.Counts.OrderBy(c => c.Key));
        Assert.Equal(
            one.Examples.OrderBy(e => e.Key).Select(e => (e.Key, string.Join(' ', e.Value.Select(x => x.Row.RowId)))),
            parted.Examples.OrderBy(e => e.Key).Select(e => (e.Key, string.Join(' ', e.Value.Select(x => x.Row.RowId)))));
    }

    private static RejectedSourceRow Rejected(string table, long rowId, string code) =>
        new(table, rowId, "acct_0001", [new Problem("column", code, $"{code} in row {rowId}", "TEXT 'x'")], "{}");
}
