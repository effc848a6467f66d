namespace Bai.Verifier.Tests;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

public sealed class CorrectMigrationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

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
        Assert.Equal("verified: PostgreSQL holds exactly what the source held", report.Outcome);
    }

    /// <summary>Some checks prove what they checked, not that the target holds exactly the source: the outcome says which ran.</summary>
    [Fact]
    public async Task A_subset_of_the_checks_claims_no_more_than_it_checked()
    {
        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Sequences, VerifierCheck.Counts);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("verified: no difference in the checks run (counts, sequences); the others were not run", report.Outcome);
    }

    [Fact]
    public async Task A_passing_verification_logs_no_warning_or_error()
    {
        // The CRUD check's cross-account write is refused on purpose; that refusal must not read as an error on the dashboard.
        var (code, _) = await harness.VerifyAsync(null, VerifierCheck.Crud, VerifierCheck.Isolation);

        Assert.Equal(ExitCodes.Success, code);
        var loud = harness.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Level} {e.Category}: {e.Message}").ToList();
        Assert.True(loud.Count == 0, string.Join(Environment.NewLine, loud));
        // The refusal is still there for whoever reads the debug log.
        Assert.Contains(harness.Logs.Entries, e => e is { Level: LogLevel.Debug, Category: "Microsoft.EntityFrameworkCore.Update" } && e.Message.Contains("saving changes", StringComparison.Ordinal));
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

    /// <summary>
    /// Given a file that is not the run's snapshot (the live file, changed since), the differences are real, and the
    /// outcome says what most likely explains them; with the snapshot itself nothing is added.
    /// </summary>
    [Fact]
    public async Task Differences_against_a_file_that_is_not_the_snapshot_say_so()
    {
        var changed = Path.Combine(Path.GetDirectoryName(harness.SqlitePath)!, "changed-since.db");
        File.Copy(harness.SqlitePath, changed);
        await using (var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={changed};Pooling=false"))
        {
            await file.OpenAsync();
            await using var edit = file.CreateCommand();
            edit.CommandText = "UPDATE customers SET name = name || ' (renamed)' WHERE id = (SELECT min(id) FROM customers)";
            await edit.ExecuteNonQueryAsync();
        }

        var (code, report) = await harness.VerifyAsync(changed, VerifierCheck.Content);
        var (_, snapshot) = await harness.VerifyAsync(null, VerifierCheck.Content);

        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.Equal(
            $"differences found: 1 finding in 1 check; the file compared is not the snapshot migration run {report.RunId} loaded (its SHA-256 differs), so differences may be changes made to the file since; that run's snapshot is {snapshot.SqlitePath}",
            report.Outcome);
        Assert.Equal("verified: no difference in the checks run (content); the others were not run", snapshot.Outcome);
        // The report names the file compared and, apart, the run's snapshot with its hash: not the changed file's.
        Assert.Equal(changed, report.SqlitePath);
        Assert.Equal(snapshot.SqlitePath, report.RunSnapshotPath);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(snapshot.SqlitePath))), report.RunSnapshotSha256);
        Assert.Equal(report.RunSnapshotSha256, snapshot.RunSnapshotSha256);
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        Assert.Equal($"database {target.Database} on {target.Host}:{target.Port}", report.Target);
    }

    [Fact]
    public async Task The_root_span_links_to_the_migration_runs_trace_and_each_check_has_a_span()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            // The migrator's run span only exists (and only lands in the ledger) when someone listens.
            ShouldListenTo = s => s.Name is VerifierTelemetry.Name or "Bai.Migrator",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());

        await harness.VerifyAsync(null, VerifierCheck.Counts, VerifierCheck.Sequences);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT trace_parent FROM bai_migration.runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1", connection);
        var traceParent = (string)(await command.ExecuteScalarAsync())!;
        var migration = ActivityContext.Parse(traceParent, null);
        // Other test classes verify in parallel and their spans keep arriving: read a copy taken under the lock.
        List<Activity> captured;
        lock (spans)
        {
            captured = [.. spans];
        }

        // This run's root is the one linked to this migration.
        var root = Assert.Single(captured, s => s.OperationName == "verify" && s.Source.Name == VerifierTelemetry.Name && s.Links.Any(l => l.Context.TraceId == migration.TraceId));
        Assert.Equal(migration.SpanId, Assert.Single(root.Links).Context.SpanId);
        var tree = captured.Where(s => s.TraceId == root.TraceId).ToList();
        Assert.Contains(tree, s => s.OperationName == "check counts" && s.ParentSpanId == root.SpanId);
        Assert.Contains(tree, s => s.OperationName == "counts invoices");
        Assert.Contains(tree, s => s.OperationName == "sequences payments");
    }

    [Fact]
    public async Task The_migrators_verify_step_runs_the_verifier_and_returns_its_exit_code()
    {
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(verify: true));
    }

    /// <summary>
    /// A session holding a table the checks read or write (a schema change, VACUUM FULL, a migrator's --reset on the
    /// same database) makes them wait for as long as it lives: the wait used to be silent, and then named only in the
    /// content check. The session is named while any check waits, and the checks go on once it ends.
    /// </summary>
    [Theory]
    [InlineData(nameof(VerifierCheck.Content))] // the first to read every table, alone
    [InlineData(nameof(VerifierCheck.Counts))] // one of the checks that run side by side
    [InlineData(nameof(VerifierCheck.Crud))] // the application's writes, through EF's connection
    public async Task A_session_holding_a_table_the_checks_use_is_named_while_they_wait(string checkName)
    {
        await using var held = await HeldTableLock.TakeAsync(database.AdminConnectionString, "invoice_items");

        bool Named() => harness.Logs.Entries.Any(e => e.Level == LogLevel.Warning
            && e.Message.Contains($"server process {held.ProcessId} holds", StringComparison.Ordinal)
            && e.Message.Contains($"application '{HeldTableLock.ApplicationName}'", StringComparison.Ordinal));

        var verifying = harness.VerifyAsync(null, Enum.Parse<VerifierCheck>(checkName));
        // Held until the session is named (the watch speaks after LockWaitWatch.FirstLook, at its once-a-second looks), not
        // for FirstLook + 3 s: on a busy machine the looks, each a query on a connection of their own, fell behind that.
        var named = await held.ReleaseWhenAsync(verifying, Named, timeout: TimeSpan.FromMinutes(1));
        var (code, _) = await verifying;

        Assert.True(named, "the check never waited on invoice_items, or the session holding it was not named while it waited");
        Assert.Equal(ExitCodes.Success, code);
        Assert.True(Named());
    }
}
