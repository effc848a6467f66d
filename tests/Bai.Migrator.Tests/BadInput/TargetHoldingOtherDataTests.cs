namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.Testing.Postgres;

/// <summary>
/// A target holding rows another file loaded is not replaced without --reset: exit 3, the rows kept, and the refusal
/// says which run loaded them from which file, what a user needs to decide on --reset. A target holding this file's
/// rows, changed since, is not "nothing to do".
/// </summary>
public sealed class TargetHoldingOtherDataTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Another_files_rows_are_kept_until_reset_and_the_refusal_names_the_run_that_loaded_them()
    {
        using var first = await SourceFile.GenerateAsync(SourceFile.Small());
        using var second = await SourceFile.GenerateAsync(SourceFile.Small() with { Seed = 6, InvoicesPerAccount = 31 });
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var loaded = await MigrationRun.StartAsync(first, database);
        Assert.True(loaded.ExitCode == ExitCodes.Success, loaded.Describe());
        var runId = loaded.Report.GetProperty("runId").GetInt64();

        var (code, error) = await MigrationRun.StartWithoutReportAsync(second, database, new Dictionary<string, string?>());

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains($"; migration run {runId} loaded {first.Path} into it); run with --reset to replace it", error, StringComparison.Ordinal);
        Assert.Equal(TargetDatabase.SourceCount(first, "invoices"), await TargetDatabase.CountAsync(database, "SELECT count(*) FROM invoices"));

        var reset = await MigrationRun.StartAsync(second, database, "--reset");

        Assert.True(reset.ExitCode == ExitCodes.Success, reset.Describe());
        Assert.Equal(TargetDatabase.SourceCount(second, "invoices"), await TargetDatabase.CountAsync(database, "SELECT count(*) FROM invoices"));
        Assert.NotEqual(TargetDatabase.SourceCount(first, "invoices"), TargetDatabase.SourceCount(second, "invoices"));
    }

    /// <summary>
    /// A rerun of the same file on a target changed since its load (a row deleted by hand) said "already migrated:
    /// nothing to do", exit 0, with --no-verify (the AppHost's way): the target's rows were counted on that path and
    /// never compared. They are now, with the source's: exit 2. And when the verification finds a changed value, the
    /// outcome says so rather than "nothing to do (exit 2)".
    /// </summary>
    [Fact]
    public async Task A_target_changed_since_its_load_is_not_nothing_to_do()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var loaded = await MigrationRun.StartAsync(source, database);
        Assert.True(loaded.ExitCode == ExitCodes.Success, loaded.Describe());
        var runId = loaded.Report.GetProperty("runId").GetInt64();
        await ExecuteAsync(database, "DELETE FROM payments WHERE id = (SELECT min(id) FROM payments)");

        var deleted = await MigrationRun.StartAsync(source, database); // --no-verify, as the AppHost runs it

        Assert.True(deleted.ExitCode == ExitCodes.DataProblems, deleted.Describe());
        Assert.Equal(
            $"already migrated by run {runId}, but the target's rows no longer match the source's (count check failed); --reset loads it again, replacing every row of the target, any written there since included",
            deleted.Report.GetProperty("outcome").GetString());
        Assert.StartsWith($"database {database.Name} on ", deleted.Report.GetProperty("target").GetString(), StringComparison.Ordinal);
        Assert.False(deleted.Report.GetProperty("nothingToDo").GetBoolean());
        var mismatch = Assert.Single(deleted.Report.GetProperty("countMismatches").EnumerateArray());
        Assert.Equal("payments", mismatch.GetProperty("table").GetString());

        var reloaded = await MigrationRun.StartAsync(source, database, "--reset");
        Assert.True(reloaded.ExitCode == ExitCodes.Success, reloaded.Describe());
        await ExecuteAsync(database, "UPDATE payments SET amount = amount + 1 WHERE id = (SELECT min(id) FROM payments)");

        var changed = await MigrationRun.StartVerifiedAsync(source, database);

        Assert.True(changed.ExitCode == ExitCodes.DataProblems, changed.Describe());
        Assert.Equal(
            $"already migrated by run {reloaded.Report.GetProperty("runId").GetInt64()}, but the verification found differences",
            changed.Report.GetProperty("outcome").GetString());
    }

    /// <summary>
    /// A run whose own verification found problems is completed in the ledger (the target holds its rows), and its
    /// message says what the verification found: it read "completed", as a verified run's does.
    /// </summary>
    [Fact]
    public async Task A_run_whose_verification_finds_problems_says_so_in_the_ledger()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var loaded = await MigrationRun.StartVerifiedAsync(source, database);
        Assert.True(loaded.ExitCode == ExitCodes.Success, loaded.Describe());
        await using (var connection = await database.OpenAsync())
        await using (var command = new Npgsql.NpgsqlCommand("ALTER TABLE payments ADD COLUMN note text", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        // A column the model lacks stays through the reload (the copy names its columns), and the schema check finds it.
        var reloaded = await MigrationRun.StartVerifiedAsync(source, database, "--reset");

        Assert.True(reloaded.ExitCode == ExitCodes.DataProblems, reloaded.Describe());
        Assert.Equal(
            [
                (loaded.Report.GetProperty("runId").GetInt64(), "completed; verified (exit 0)"),
                (reloaded.Report.GetProperty("runId").GetInt64(), "completed; verified, and the verification found problems (exit 2; its report names them)"),
            ],
            await CompletedRunsAsync(database));
    }

    private static async Task<List<(long Id, string Message)>> CompletedRunsAsync(ScratchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT id, message FROM bai_migration.runs WHERE status = 'completed' ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return runs;
    }

    private static async Task ExecuteAsync(ScratchDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
