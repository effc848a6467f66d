namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;

/// <summary>
/// Limits a production database sets for its application (<c>ALTER DATABASE ... SET statement_timeout</c>, and the
/// same for <c>idle_in_transaction_session_timeout</c>) must not cancel the copy's transaction, which lifts them for
/// itself as pg_restore does, nor end the ledger's connection, idle while the copy works (<c>idle_session_timeout</c>). The migrator is held past the limit inside the statement or the transaction it bounds
/// (BAI_TEST_PAUSE_AT), then let go: it completes and verifies.
/// </summary>
public sealed class ServerLimitTests(SourceFileFixture source) : IClassFixture<SourceFileFixture>
{
    [Theory]
    [InlineData("statement_timeout", "copy:invoice_items")] // held inside the COPY statement
    [InlineData("idle_in_transaction_session_timeout", "constraints")] // held between two statements of the transaction
    [InlineData("idle_session_timeout", "copy:invoice_items")] // the ledger's connection waits outside a transaction
    public async Task A_limit_the_database_sets_for_its_application_does_not_cancel_the_copy(string setting, string point)
    {
        var database = new PostgresDatabaseFixture();
        await database.InitializeAsync();
        try
        {
            await Target.ExecuteAsync(database.AdminConnectionString, $"ALTER DATABASE {database.DatabaseName} SET {setting} = '1s'");
            using var workspace = new Workspace();
            workspace.CopySource(source.Path);

            using var child = MigratorChild.Start(MigratorRun.Environment(workspace, database.ConnectionString), point, workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]);
            await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            child.Resume();

            Assert.True(await child.WaitAsync(TimeSpan.FromMinutes(3)) == 0, $"{setting}: {child.Errors}");
            await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
