namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.Testing.Postgres;

/// <summary>
/// A target holding rows another file loaded is not replaced without --reset: exit 3, the rows kept, and the refusal
/// says which run loaded them from which file, what a user needs to decide on --reset.
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
}
