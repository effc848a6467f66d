namespace Bai.Reliability.Tests;

using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;

/// <summary>
/// Npgsql options a team's application connection string carries, given to the tools as they are: each run migrates
/// and verifies. Multiplexing ended the migrator with "No bound physical connection", exit 1; the tools now turn it
/// off for themselves, and raise a pool size too small for the connections they hold at once. A command timeout of a second does not cancel the long statements (each sets its own).
/// </summary>
public sealed class ConnectionOptionTests(SourceFileFixture source) : IClassFixture<SourceFileFixture>
{
    [Theory]
    [InlineData("Multiplexing=true")]
    [InlineData("Pooling=false")]
    [InlineData("Command Timeout=1")]
    [InlineData("Max Auto Prepare=20;Auto Prepare Min Usages=2")]
    [InlineData("Maximum Pool Size=2")] // ended with "PostgreSQL is unreachable (The operation has timed out)", exit 3, after 20 s
    public async Task A_run_with_the_application_s_connection_options_migrates_and_verifies(string options)
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);

        var run = await MigratorRun.InProcessAsync(workspace, $"{database.ConnectionString};{options}");

        Assert.True(run.ExitCode == ExitCodes.Success, $"exit {run.ExitCode}, {run.Outcome}: {run.Errors}");
        Assert.True(File.Exists(Path.ChangeExtension(run.ReportPath, ".verification.json")), "the run did not verify");
    }
}
