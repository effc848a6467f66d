namespace Bai.Migrator.Tests.Telemetry;

using System.Diagnostics;
using System.Globalization;
using Bai.Core.Schema;
using Bai.Migrator.Tests.Support;
using Bai.SampleData;
using Bai.Testing.Postgres;

/// <summary>
/// Issue 6: what the dashboard shows of one migration, read from OpenTelemetry's in-memory exporter: the run, its
/// phases, a span per table with its row counts, and the verify step's checks with their tables.
/// </summary>
public sealed class SpanTreeTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    // In the order they start: schema and content first (schema's catalog queries beside content's scans, whose
    // counts the counts check then uses), then the others together. The report keeps its own order.
    private static readonly string[] Checks = ["schema", "content", "counts", "references", "isolation", "sequences", "crud", "plans"];

    [Fact]
    public async Task A_migration_is_one_trace_run_then_phases_then_a_span_per_table_with_its_rows_then_the_verification()
    {
        using var recorder = new SpanRecorder("Bai.Migrator", "Bai.Verifier");
        using var harness = new MigratorHarness(database.ConnectionString);
        var (sqlite, summary) = await harness.GenerateAsync(new SampleOptions { Accounts = 2, InvoicesPerAccount = 25, CustomersPerAccount = 8, ItemsPerAccount = 10, Seed = 64 });

        var run = await harness.RunAsync(sqlite);

        Assert.True(run.ExitCode == 0, run.Errors);
        // The ledger keeps the run span's context: it names this run's trace among those of parallel test classes.
        var recorded = ActivityContext.Parse((string)(await ScalarAsync("SELECT trace_parent FROM bai_migration.runs"))!, null);
        var spans = recorder.Trace(recorded.TraceId);

        var root = Assert.Single(spans, s => s.ParentSpanId == default);
        Assert.Equal(("Bai.Migrator", "migrate", recorded.SpanId), (root.Source.Name, root.OperationName, root.SpanId));
        Assert.All(spans.Where(s => s != root), s => Assert.Contains(spans, p => p.SpanId == s.ParentSpanId));
        Assert.All(spans, s => Assert.NotEqual(ActivityStatusCode.Error, s.Status));

        // The phases in the guide's order (the ledger and the copy each connect), then the verify step.
        Assert.Equal(
            ["phase snapshot", "phase connect", "phase connect", "phase schema", "phase copy", "phase finish", "phase commit", "phase check", "verify"],
            ChildrenOf(spans, root).Select(s => s.OperationName));

        // One span per table under "phase copy", in copy order, with the rows it read, wrote and rejected.
        var copy = Assert.Single(spans, s => s.OperationName == "phase copy");
        Assert.Equal(
            BaiSchema.AllTables.Select(t => $"copy {t.Name}: {t.Name}, source {summary.RowCounts[t.Name]}, migrated {summary.RowCounts[t.Name]}, rejected 0"),
            ChildrenOf(spans, copy).Select(s =>
                $"{s.OperationName}: {s.GetTagItem("db.collection.name")}, source {Long(s, "bai.rows.source")}, migrated {Long(s, "bai.rows.migrated")}, rejected {Long(s, "bai.rows.rejected")}"));
        // Every loaded table reports what it takes in PostgreSQL; the span's own duration is its time.
        Assert.All(ChildrenOf(spans, copy), s => Assert.True(Long(s, "bai.bytes") > 0, $"{s.OperationName} has no bai.bytes"));

        var finish = Assert.Single(spans, s => s.OperationName == "phase finish");
        Assert.Equal(
            ["restore constraints", "restart identities", "analyze"],
            ChildrenOf(spans, finish).Select(s => s.OperationName));
        // The keys and indexes were sorted in 32 MB per process of a build where the server's setting is larger.
        var sortMemory = await ScalarAsync(
            """
            SELECT limited FROM (SELECT setting::bigint AS server, 32768 * (1 + current_setting('max_parallel_maintenance_workers')::bigint) AS limited
                                 FROM pg_settings WHERE name = 'maintenance_work_mem') AS s
            WHERE server > limited
            """);
        var constraints = Assert.Single(ChildrenOf(spans, finish), s => s.OperationName == "restore constraints");
        Assert.Equal(sortMemory, Long(constraints, "bai.index_sort_memory_kb"));
        Assert.Equal(["restore keys and indexes", "restore foreign keys"], ChildrenOf(spans, constraints).Select(s => s.OperationName));

        // The report's timings are these spans' durations: the guide's phases and the finish phase's parts.
        var steps = ChildrenOf(spans, root).Where(s => s.OperationName != "phase finish")
            .Concat(ChildrenOf(spans, constraints)).Concat(ChildrenOf(spans, finish).Where(s => s != constraints))
            .OrderBy(s => s.StartTimeUtc)
            .GroupBy(s => s.OperationName.Replace("phase ", "", StringComparison.Ordinal))
            .Select(g => $"{g.Key} {g.Sum(s => s.Duration.TotalSeconds):0.######}");
        var timings = run.Report!.RootElement.GetProperty("timings").EnumerateArray()
            .Select(t => $"{t.GetProperty("step").GetString()} {t.GetProperty("seconds").GetDouble():0.######}");
        Assert.Equal(steps, timings);

        // The verification: its root under the run, every check under it, the checks' per-table spans under each check.
        var verify = Assert.Single(spans, s => s.OperationName == "verify");
        Assert.Equal("Bai.Verifier", verify.Source.Name);
        // The checks start at once but CRUD, whose inserts move the identities on: it starts when the sequences check,
        // which reads them, has ended.
        Assert.Equal(Checks.Select(c => $"check {c}").Order(StringComparer.Ordinal), ChildrenOf(spans, verify).Select(s => s.OperationName).Order(StringComparer.Ordinal));
        var sequences = CheckSpan(spans, "sequences");
        Assert.True(CheckSpan(spans, "crud").StartTimeUtc >= sequences.StartTimeUtc + sequences.Duration, "the CRUD check started before the sequences check ended");
        Assert.Equal(BaiSchema.AllTables.Select(t => $"counts {t.Name}"), ChildrenOf(spans, CheckSpan(spans, "counts")).Select(s => s.OperationName));
        var content = ChildrenOf(spans, CheckSpan(spans, "content"));
        Assert.Equal(
            BaiSchema.AllTables.SelectMany(t => new[] { $"checksum {t.Name} sqlite", $"checksum {t.Name} postgresql" }).Order(StringComparer.Ordinal),
            content.Where(s => s.OperationName.StartsWith("checksum ", StringComparison.Ordinal)).Select(s => $"{s.OperationName} {s.GetTagItem("bai.side")}").Order(StringComparer.Ordinal));
        Assert.Equal(
            BaiSchema.AllTables.Select(t => $"content {t.Name}"),
            content.Where(s => s.OperationName.StartsWith("content ", StringComparison.Ordinal)).Select(s => s.OperationName));
        Assert.Equal(
            BaiSchema.TenantTables.Select(t => $"sequences {t.Name}"),
            ChildrenOf(spans, CheckSpan(spans, "sequences")).Select(s => s.OperationName));
    }

    private static Activity CheckSpan(IReadOnlyList<Activity> spans, string check) => Assert.Single(spans, s => s.OperationName == $"check {check}");

    private static List<Activity> ChildrenOf(IReadOnlyList<Activity> spans, Activity parent) => [.. spans.Where(s => s.ParentSpanId == parent.SpanId)];

    private static long? Long(Activity span, string tag) =>
        span.GetTagItem(tag) is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
