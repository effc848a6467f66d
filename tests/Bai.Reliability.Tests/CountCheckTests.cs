namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;

/// <summary>
/// The migrator's own count check (step 6) recounts both sides after the commit instead of trusting the copy's
/// counters: a row that goes missing between the commit and the check must fail the run, naming the table.
/// </summary>
public sealed class CountCheckTests(SourceFileFixture source, PostgresDatabaseFixture database)
    : IClassFixture<SourceFileFixture>, IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_row_lost_after_the_commit_fails_the_count_check_for_its_table_only()
    {
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);
        var report = workspace.NewReportPath();

        using var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), "committed", workspace.PauseMarker,
            ["--sqlite", workspace.SqlitePath, "--report", report, "--no-verify"]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        var paymentsBefore = await Target.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM payments");
        await Target.ExecuteAsync(database.ConnectionString, "DELETE FROM payments WHERE id = (SELECT min(id) FROM payments)");
        child.Resume();

        Assert.Equal(2, await child.WaitAsync(TimeSpan.FromMinutes(2)));
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var mismatches = document.RootElement.GetProperty("countMismatches").EnumerateArray().ToList();
        var mismatch = Assert.Single(mismatches);
        Assert.Equal("payments", mismatch.GetProperty("table").GetString());
        Assert.Equal(paymentsBefore, mismatch.GetProperty("source").GetInt64());
        Assert.Equal(paymentsBefore - 1, mismatch.GetProperty("migrated").GetInt64());
        Assert.Equal(0, mismatch.GetProperty("rejected").GetInt64());
        Assert.Contains("count check failed", document.RootElement.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Contains("count mismatch", child.Output + child.Errors, StringComparison.Ordinal);
    }
}
