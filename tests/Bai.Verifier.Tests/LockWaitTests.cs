namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Microsoft.Extensions.Logging;

/// <summary>
/// A session holding a table the checks read (a schema change, VACUUM FULL, a migrator's --reset on the same database)
/// makes them wait for as long as it lives: the wait used to be silent. The session is named while they wait, and the
/// checks go on once it ends.
/// </summary>
public sealed class LockWaitTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task A_session_holding_a_table_the_checks_read_is_named_while_they_wait()
    {
        await using var held = await HeldTableLock.TakeAsync(database.AdminConnectionString, "invoice_items");

        var verifying = harness.VerifyAsync(null, VerifierCheck.Content);
        var waited = await held.ReleaseAfterWaitAsync(verifying, held: LockWaitWatch.FirstLook + TimeSpan.FromSeconds(3), timeout: TimeSpan.FromMinutes(1));
        var (code, _) = await verifying;

        Assert.True(waited, "the check never waited on invoice_items: the test proves nothing");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(harness.Logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains($"server process {held.ProcessId} holds", StringComparison.Ordinal)
            && e.Message.Contains($"application '{HeldTableLock.ApplicationName}'", StringComparison.Ordinal));
    }
}
