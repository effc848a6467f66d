namespace Bai.Migrator.Copy;

/// <summary>
/// Every rejected row of the run: counted by table and reason, kept whole for the quarantine and the report.
/// Rejected rows are the exception, so memory follows their number, not the file's size; past
/// <see cref="KeptRows"/> only the counts grow and the report says so.
/// </summary>
internal sealed class RejectionLog
{
    public const int KeptRows = 200_000;

    private readonly List<RejectedSourceRow> rows = [];
    private readonly Dictionary<(string Table, string Code), long> counts = [];

    public long Total { get; private set; }

    public bool Truncated => Total > rows.Count;

    public IReadOnlyList<RejectedSourceRow> Rows => rows;

    public IReadOnlyDictionary<(string Table, string Code), long> Counts => counts;

    public void Add(RejectedSourceRow row)
    {
        Total++;
        if (rows.Count < KeptRows)
        {
            rows.Add(row);
        }

        foreach (var code in row.Problems.Select(p => p.Code).Distinct())
        {
            counts[(row.Table, code)] = counts.GetValueOrDefault((row.Table, code)) + 1;
        }
    }
}
