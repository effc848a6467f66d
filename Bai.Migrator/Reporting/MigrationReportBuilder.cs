namespace Bai.Migrator.Reporting;

using System.Text.Json;
using Bai.Core.Sqlite;
using Bai.Migrator.Copy;
using Bai.Migrator.Pipeline;

/// <summary>Collects what the phases found, then builds the <see cref="MigrationReport"/>.</summary>
internal sealed class MigrationReportBuilder(MigratorOptions options)
{
    public Snapshot? Snapshot { get; set; }
    public long? RunId { get; set; }
    public bool NothingToDo { get; set; }
    public bool SourceChangedDuringRun { get; set; }
    public string? Outcome { get; set; }
    public IReadOnlyList<DriftFinding> Drift { get; set; } = [];
    public IReadOnlyList<SchemaObject> LeftBehind { get; set; } = [];
    public IReadOnlyList<OutsideTheModel> Dropped { get; set; } = [];
    public IReadOnlyList<TableResult> Tables { get; set; } = [];
    public RejectionLog? Rejections { get; set; }
    public IReadOnlyList<CountMismatch> CountMismatches { get; set; } = [];
    public StepTimings? Timings { get; set; }

    public string CountsJson() => JsonSerializer.Serialize(
        Tables.ToDictionary(t => t.Table, t => new { source = t.Source, migrated = t.Migrated, rejected = t.Rejected }));

    public MigrationReport Build(string outcome, int exitCode)
    {
        var kept = Rejections?.Rows ?? [];
        // From every rejected row, not only the kept ones: a table whose rows came after them still has its groups.
        var groups = (Rejections?.Examples ?? new Dictionary<(string Table, string Code), List<(RejectedSourceRow Row, Problem Problem)>>())
            .Select(g => new ProblemGroup(
                g.Key.Table,
                g.Key.Code,
                Rejections!.Counts.GetValueOrDefault(g.Key),
                [.. g.Value.Select(x => new ProblemExample(x.Row.RowId, x.Row.AccountId, x.Problem.Column, x.Problem.Raw, x.Problem.Reason))]))
            .OrderBy(g => g.Table, StringComparer.Ordinal).ThenBy(g => g.Code, StringComparer.Ordinal)
            .ToList();

        return new MigrationReport(
            RunId,
            outcome,
            exitCode,
            Snapshot?.SourcePath ?? Path.GetFullPath(options.SqlitePath),
            Snapshot?.Path,
            Snapshot?.Sha256,
            options.BadRows.ToString().ToLowerInvariant(),
            NothingToDo,
            [.. Tables.Select(t => new TableReport(t.Table, t.Source, t.Migrated, t.Rejected, t.Elapsed.TotalSeconds,
                t.Elapsed.TotalSeconds > 0 ? t.Source / t.Elapsed.TotalSeconds : 0, t.Readers))],
            groups,
            Rejections?.Total ?? 0,
            Rejections?.Truncated ?? false,
            [.. kept.Select(r => new RejectedRowReport(r.Table, r.RowId, r.AccountId, r.Problems, r.RawValuesJson))],
            Drift,
            LeftBehind,
            Dropped,
            CountMismatches,
            Timings?.ToList() ?? [])
        {
            SourceChangedDuringRun = SourceChangedDuringRun,
        };
    }
}
