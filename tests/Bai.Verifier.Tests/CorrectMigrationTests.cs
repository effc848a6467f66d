namespace Bai.Verifier.Tests;

using System.Diagnostics;
using Bai.Core;
using Bai.Testing.Postgres;
using Npgsql;

public sealed class CorrectMigrationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Every_check_passes_on_a_correct_migration()
    {
        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(report.Findings);
        Assert.All(report.Results, r => Assert.True(r.Passed, $"{r.Check} {r.Scope}: {r.Figures} {r.Note}"));
        var checks = report.Results.Select(r => r.Check).ToHashSet();
        Assert.Equal(VerifierChecks.All.Select(c => c.Key()).ToHashSet(), checks);
        Assert.NotNull(report.RunId);
    }

    [Fact]
    public async Task By_default_it_compares_with_the_snapshot_the_run_recorded()
    {
        var (_, report) = await harness.VerifyAsync(null, VerifierCheck.Counts);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT snapshot_path FROM bai_migration.runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1", connection);
        Assert.Equal((string)(await command.ExecuteScalarAsync())!, report.SqlitePath);
        Assert.NotEqual(harness.SqlitePath, report.SqlitePath);
    }

    [Fact]
    public async Task The_root_span_links_to_the_migration_runs_trace_and_each_check_has_a_span()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == VerifierTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);

        await harness.VerifyAsync(null, VerifierCheck.Counts, VerifierCheck.Sequences);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT trace_parent FROM bai_migration.runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1", connection);
        var traceParent = (string)(await command.ExecuteScalarAsync())!;
        var root = Assert.Single(spans, s => s.OperationName == "verify");
        var link = Assert.Single(root.Links);
        Assert.Equal(ActivityContext.Parse(traceParent, null).TraceId, link.Context.TraceId);
        Assert.Equal(ActivityContext.Parse(traceParent, null).SpanId, link.Context.SpanId);
        Assert.Contains(spans, s => s.OperationName == "check counts" && s.ParentSpanId == root.SpanId);
        Assert.Contains(spans, s => s.OperationName == "counts invoices");
        Assert.Contains(spans, s => s.OperationName == "sequences payments");
    }

    [Fact]
    public async Task The_migrators_verify_step_runs_the_verifier_and_returns_its_exit_code()
    {
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(verify: true));
    }
}
