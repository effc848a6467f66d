namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
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
        using (var quiet = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), null, null,
            ["--sqlite", workspace.SqlitePath, "--report", quietReport, "--no-verify"]))
        {
            Assert.Equal(0, await quiet.WaitAsync(TimeSpan.FromMinutes(3)));
        }

        var report = workspace.NewReportPath();
        using var child = MigratorProcess.Start(
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

    /// <summary>
    /// A WAL-mode source given through a symbolic link (a deployment's <c>/srv/bai/bai.db</c> to a release's folder):
    /// SQLite writes its <c>-wal</c> beside the file the link leads to. The run looked for it beside the link, found
    /// none, and an application's write during the run went unsaid (the file itself changes only at a checkpoint).
    /// </summary>
    [Fact]
    public async Task A_write_to_a_wal_source_given_through_a_link_is_said()
    {
        using var workspace = new Workspace();
        var real = Path.Combine(workspace.Folder, "releases", "7", "bai.db");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        File.Copy(source.Path, real);
        await using (var setup = new SqliteConnection($"Data Source={real};Pooling=false"))
        {
            await setup.OpenAsync();
            await using var wal = setup.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL";
            Assert.Equal("wal", await wal.ExecuteScalarAsync());
        }

        File.CreateSymbolicLink(workspace.SqlitePath, real);
        // A database of its own: the test beside it expects the class's database to hold nothing before its first run.
        await using var target = await PostgresDatabaseFixture.CreateAsync();
        var report = workspace.NewReportPath();
        using var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, target.ConnectionString), "committed", workspace.PauseMarker,
            ["--sqlite", workspace.SqlitePath, "--report", report, "--no-verify"]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        // The application keeps its connection open past the run's end: closing it would fold the -wal into the file.
        await using var application = new SqliteConnection($"Data Source={workspace.SqlitePath};Pooling=false");
        await application.OpenAsync();
        await using (var write = application.CreateCommand())
        {
            write.CommandText = "UPDATE customers SET name = name || ' (renamed)' WHERE rowid = (SELECT min(rowid) FROM customers)";
            Assert.Equal(1, await write.ExecuteNonQueryAsync());
        }

        child.Resume();

        Assert.Equal(0, await child.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(File.Exists(real + "-wal"));
        Assert.False(File.Exists(workspace.SqlitePath + "-wal"));
        Assert.True(await SourceChangedAsync(report));
        Assert.Contains($"The source {workspace.SqlitePath} changed while this run read its snapshot", child.Output, StringComparison.Ordinal);
    }

    private static async Task<bool> SourceChangedAsync(string report)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(report));
        return document.RootElement.GetProperty("sourceChangedDuringRun").GetBoolean();
    }
}
