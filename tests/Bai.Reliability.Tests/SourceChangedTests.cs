namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Microsoft.Data.Sqlite;

/// <summary>
/// An application still writing to the live file during a run (a WAL-mode file stays writable while it is backed up):
/// the target holds the snapshot, not those writes, and the run says so at its end, in a warning and in the report,
/// instead of leaving a cutover team to find the missing rows later.
/// </summary>
public sealed class SourceChangedTests(SourceFileFixture source, PostgresDatabaseFixture database)
    : IClassFixture<SourceFileFixture>, IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_write_to_the_source_during_the_run_is_said_and_a_quiet_source_is_not()
    {
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);
        var quietReport = workspace.NewReportPath();
        using (var quiet = MigratorChild.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), null, null,
            ["--sqlite", workspace.SqlitePath, "--report", quietReport, "--no-verify"]))
        {
            Assert.Equal(0, await quiet.WaitAsync(TimeSpan.FromMinutes(3)));
        }

        var report = workspace.NewReportPath();
        using var child = MigratorChild.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), "committed", workspace.PauseMarker,
            ["--sqlite", workspace.SqlitePath, "--report", report, "--no-verify", "--reset"]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        await using (var application = new SqliteConnection($"Data Source={workspace.SqlitePath};Pooling=false"))
        {
            await application.OpenAsync();
            await using var write = application.CreateCommand();
            write.CommandText = "UPDATE customers SET name = name || ' (renamed)' WHERE rowid = (SELECT min(rowid) FROM customers)";
            Assert.Equal(1, await write.ExecuteNonQueryAsync());
        }

        child.Resume();

        Assert.Equal(0, await child.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.False(await SourceChangedAsync(quietReport));
        Assert.True(await SourceChangedAsync(report));
        Assert.Contains($"The source {workspace.SqlitePath} changed while this run read its snapshot", child.Output, StringComparison.Ordinal);
    }

    private static async Task<bool> SourceChangedAsync(string report)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(report));
        return document.RootElement.GetProperty("sourceChangedDuringRun").GetBoolean();
    }
}
