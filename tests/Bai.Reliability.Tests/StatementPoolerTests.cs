namespace Bai.Reliability.Tests;

using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing;
using Bai.Testing.Postgres;

/// <summary>
/// A connection string that leads to PgBouncer in statement mode, which refuses every transaction: the migrator's work
/// is transactions, and its first one failed as "Unexpected error: 08P01", exit 1. One sentence, exit 3, nothing written.
/// </summary>
public sealed class StatementPoolerTests(SourceFileFixture source) : IClassFixture<SourceFileFixture>
{
    [Fact]
    public async Task A_pooler_in_statement_mode_is_named_and_nothing_is_written()
    {
        await using var database = await PostgresDatabaseFixture.CreateAsync();
        await using var pooler = await TestPgBouncer.StartAsync(database.Server, poolMode: "statement");
        using var workspace = new Workspace();
        workspace.CopySource(source.Path);

        var run = await MigratorRun.InProcessAsync(workspace, pooler.ApplicationConnectionStringFor(database.Server, database.DatabaseName), "--no-verify");

        Assert.True(run.ExitCode == ExitCodes.Environment, $"exit {run.ExitCode}: {run.Errors}");
        Assert.Contains(
            $"ConnectionStrings:bai-db leads to a connection pooler in statement mode at 127.0.0.1:{pooler.Port} (transaction blocks not allowed in statement pooling mode)",
            run.Errors,
            StringComparison.Ordinal);
        Assert.Equal(0, await TableContents.ScalarAsync(
            database.AdminConnectionString, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"));
    }
}
