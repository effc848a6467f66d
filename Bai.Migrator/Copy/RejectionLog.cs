namespace Bai.Migrator.Copy;

/// <summary>
/// Every rejected row of the run: counted by table and reason, kept whole for the quarantine and the report.
/// Rejected rows are the exception, so under quarantine memory follows their number, not the file's size; past
/// <see cref="KeptRows"/> only the counts grow and the report says so (and under fail, where nothing is stored, the
/// rows past them are not kept at all: <see cref="ForPart"/>). The first few problems of each table and reason
/// are kept whatever their row's place, so every group the counts hold has examples in the report and the summary.
/// </summary>
internal sealed class RejectionLog(int keptRows = RejectionLog.KeptRows)
{
    public const int KeptRows = 200_000;

    /// <summary>The examples a group of the report shows.</summary>
    public const int ExamplesPerGroup = 10;

    private readonly List<RejectedSourceRow> rows = [];
    private readonly Dictionary<(string Table, string Code), long> counts = [];
    private readonly Dictionary<(string Table, string Code), List<(RejectedSourceRow Row, Problem Problem)>> examples = [];

    public long Total { get; private set; }

    public bool Truncated => Total > rows.Count;

    public IReadOnlyList<RejectedSourceRow> Rows => rows;

    public IReadOnlyDictionary<(string Table, string Code), long> Counts => counts;

    /// <summary>The first <see cref="ExamplesPerGroup"/> problems of each table and reason, in the order rows came.</summary>
    public IReadOnlyDictionary<(string Table, string Code), List<(RejectedSourceRow Row, Problem Problem)>> Examples => examples;

    /// <summary>
    /// A log for one reader of a table, added back with <see cref="AddPart"/> once the table is read. It keeps every row
    /// whole when <paramref name="keepEveryRow"/> (the quarantine stores each), else only as many as this log has room
    /// for: under --bad-rows fail nothing is stored, and a table whose every row is rejected would otherwise hold them all.
    /// </summary>
    public RejectionLog ForPart(bool keepEveryRow) => new(keepEveryRow ? int.MaxValue : Math.Max(0, keptRows - rows.Count));

    /// <summary>A part's rows after those added so far, as if each had been added here in its order.</summary>
    public void AddPart(RejectionLog part)
    {
        ArgumentNullException.ThrowIfNull(part);
        Total += part.Total;
        rows.AddRange(part.rows.Take(Math.Max(0, keptRows - rows.Count)));
        foreach (var (key, count) in part.counts)
        {
            counts[key] = counts.GetValueOrDefault(key) + count;
        }

        foreach (var (key, problems) in part.examples)
        {
            var group = ExamplesOf(key);
            group.AddRange(problems.Take(ExamplesPerGroup - group.Count));
        }
    }

    public void Add(RejectedSourceRow row)
    {
        Total++;
        if (rows.Count < keptRows)
        {
            rows.Add(row);
        }

        foreach (var problem in row.Problems)
        {
            var group = ExamplesOf((row.Table, problem.Code));
            if (group.Count < ExamplesPerGroup)
            {
                group.Add((row, problem));
            }
        }

        foreach (var code in row.Problems.Select(p => p.Code).Distinct())
        {
            counts[(row.Table, code)] = counts.GetValueOrDefault((row.Table, code)) + 1;
        }
    }

    private List<(RejectedSourceRow Row, Problem Problem)> ExamplesOf((string Table, string Code) key) =>
        examples.TryGetValue(key, out var group) ? group : examples[key] = [];
}
