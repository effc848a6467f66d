namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.Core.Schema;
using Bai.SampleData;
using Bai.Testing.Postgres;

/// <summary>
/// Issue 5, "Done when": for each kind of damage data-rules.md names, the fail policy reports exactly the damaged rows
/// and loads nothing; the quarantine policy loads everything else exactly and keeps the damaged rows whole.
/// </summary>
public sealed class RejectedDamageTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    public static TheoryData<DamageKind> RejectedKinds => [.. DamageKinds.RowLevel];

    [Theory]
    [MemberData(nameof(RejectedKinds))]
    public async Task Fail_policy_reports_every_damaged_row_and_leaves_the_target_untouched(DamageKind kind)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(kind));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.DataProblems, run.Describe());
        Assert.NotEmpty(source.Damage);
        var expected = source.Damage
            .Select(d => new ReportedProblem(d.Table, d.RowId!.Value, d.Column, ExpectedProblem.Code(d), ExpectedProblem.Raw(d).ToString()))
            .OrderBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.RowId).ToList();
        var reported = run.ReportedProblems().OrderBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.RowId).ToList();
        Assert.Equal(expected, reported);
        Assert.Equal(expected.Count, run.Report.GetProperty("rejectedRows").GetInt64());

        // Grouped by table and reason, with counts.
        var groups = run.Report.GetProperty("problems").EnumerateArray()
            .Select(g => (g.GetProperty("table").GetString(), g.GetProperty("code").GetString(), g.GetProperty("rows").GetInt64()))
            .Order().ToList();
        var expectedGroups = expected.GroupBy(p => (p.Table, p.Code)).Select(g => ((string?)g.Key.Table, (string?)g.Key.Code, (long)g.Count())).Order().ToList();
        Assert.Equal(expectedGroups, groups);

        // Nothing is kept in PostgreSQL: the report holds each rejected row whole, and claims no row migrated.
        var reportedRows = run.ReportedRowsWhole();
        Assert.Equal(expected.Select(p => (p.Table, p.RowId)).Distinct().Order(), reportedRows.Select(r => (r.Table, r.RowId)).Order());
        Assert.All(reportedRows, row => QuarantineAssert.HoldsSourceRowWhole(source, row));
        Assert.All(run.Report.GetProperty("tables").EnumerateArray(), t => Assert.Equal(0, t.GetProperty("migrated").GetInt64()));

        // Only the tool's ledger exists: no application table, no quarantined row.
        // Only the tool's own ledger exists: no application table, and no load recorded.
        var tables = await TargetDatabase.TablesAsync(database);
        Assert.Contains($"{BaiSchema.ToolSchema}.runs", tables);
        Assert.All(tables, t => Assert.StartsWith($"{BaiSchema.ToolSchema}.", t, StringComparison.Ordinal));
        Assert.Equal(0, await TargetDatabase.CountAsync(database, $"SELECT count(*) FROM {BaiSchema.ToolSchema}.loads"));
        Assert.Equal(0, await TargetDatabase.CountAsync(database, $"SELECT count(*) FROM {BaiSchema.ToolSchema}.rejected_rows"));
        source.AssertUnchanged();
    }

    [Theory]
    [MemberData(nameof(RejectedKinds))]
    public async Task Quarantine_policy_loads_every_other_row_exactly_and_keeps_the_rejected_rows_whole(DamageKind kind)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(kind));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var rejected = source.Damage.Select(d => (d.Table, RowId: d.RowId!.Value)).ToHashSet();
        var quarantine = await TargetDatabase.QuarantineAsync(database);
        Assert.Equal(rejected.Order(), quarantine.Select(r => (r.Table, r.RowId)).Order());
        Assert.Equal(rejected.Order(), run.ReportedRows().Order());
        Assert.All(run.ReportedRowsWhole(), row => QuarantineAssert.HoldsSourceRowWhole(source, row));

        foreach (var damage in source.Damage)
        {
            var row = quarantine.Single(r => r.Table == damage.Table && r.RowId == damage.RowId);
            QuarantineAssert.HoldsSourceRowWhole(source, row);
            QuarantineAssert.HoldsManifestValue(row, damage);
            Assert.Contains((damage.Column, ExpectedProblem.Code(damage)), QuarantineAssert.Reasons(row));
        }

        await AssertLoadedExactlyAsync(source, database, rejected, new Dictionary<(string, long, string), string>());
        source.AssertUnchanged();
    }

    /// <summary>Per table: the target holds exactly the source rows that were not rejected, value for value.</summary>
    internal static async Task AssertLoadedExactlyAsync(
        SourceFile source, ScratchDatabase database, IReadOnlySet<(string Table, long RowId)> rejected, IReadOnlyDictionary<(string Table, long RowId, string Column), string> expected)
    {
        foreach (var table in BaiSchema.AllTables)
        {
            var rejectedHere = rejected.Where(r => r.Table == table.Name).Select(r => r.RowId).ToHashSet();
            var sourceRows = TargetDatabase.SourceCount(source, table.Name);
            var migrated = await TargetDatabase.CountAsync(database, $"SELECT count(*) FROM {table.Name}");
            Assert.True(sourceRows - rejectedHere.Count == migrated, $"{table.Name}: {sourceRows} source rows, {rejectedHere.Count} rejected, {migrated} migrated");

            var cells = expected.Where(e => e.Key.Table == table.Name).ToDictionary(e => (e.Key.RowId, e.Key.Column), e => e.Value);
            Assert.Equal(TargetDatabase.ExpectedRows(source, table, rejectedHere, cells), await TargetDatabase.TargetRowsAsync(database, table));
        }
    }
}
