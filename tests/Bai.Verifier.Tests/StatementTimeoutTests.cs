namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// A <c>statement_timeout</c> the database sets for its application (seconds, on many production roles) must not cancel
/// the checks that read whole tables: on a 6.3M-row target the COPY of invoice_items outlasted 2 s and the verifier
/// ended with exit 1. Each check is held inside such a statement past the limit (a lock on invoice_items, see
/// <see cref="HeldTableLock"/>), then let go: it passes.
/// </summary>
public sealed class StatementTimeoutTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
        await database.AlterAsync("SET statement_timeout = '1s'");
    }

    public async Task DisposeAsync()
    {
        await database.AlterAsync("RESET statement_timeout");
        await harness.DeleteFilesAsync();
    }

    [Theory]
    [InlineData(nameof(VerifierCheck.Schema))] // the EXPLAIN that spells invoice_items' CHECKs, on the catalog query's connection
    [InlineData(nameof(VerifierCheck.Content))] // COPY of every row, then the drill-down's and the infinite values' scans
    [InlineData(nameof(VerifierCheck.Counts))] // count per account
    [InlineData(nameof(VerifierCheck.Sequences))] // max(id) without the content check's scan
    [InlineData(nameof(VerifierCheck.References))]
    [InlineData(nameof(VerifierCheck.Isolation))]
    [InlineData(nameof(VerifierCheck.Plans))] // the busiest account, over all of invoices
    public async Task A_check_that_reads_whole_tables_outlasts_the_database_s_statement_timeout(string checkName)
    {
        var check = Enum.Parse<VerifierCheck>(checkName);
        await using var held = await HeldTableLock.TakeAsync(database.AdminConnectionString, "invoice_items");

        var verifying = harness.VerifyAsync(null, check);
        var waited = await held.ReleaseAfterWaitAsync(verifying, held: TimeSpan.FromSeconds(2), timeout: TimeSpan.FromMinutes(1));
        var (code, report) = await verifying;

        Assert.True(waited, "the check never waited on invoice_items: the test proves nothing");
        Assert.Equal(ExitCodes.Success, code);
        Assert.All(report.Results, r => Assert.True(r.Passed, $"{r.Check} {r.Scope}: {r.Figures} {r.Note}"));
    }

    /// <summary>
    /// The isolation check's queries through the model are the verifier's, not the application's: a role's limit of
    /// 100 ms cancelled them in a staging rehearsal. They are held past the limit on organizations, which only they
    /// read once the check has started: the check's own scans wait on payments first (so the sample of accounts, which
    /// reads organizations, has been taken), and organizations is locked before payments is let go.
    /// </summary>
    [Fact]
    public async Task The_isolation_check_s_queries_through_the_model_outlast_the_database_s_statement_timeout()
    {
        await using var payments = await HeldTableLock.TakeAsync(database.AdminConnectionString, "payments");

        var verifying = harness.VerifyAsync(null, VerifierCheck.Isolation);
        var scanning = await payments.WaitedOnAsync(verifying, timeout: TimeSpan.FromMinutes(1));
        await using var organizations = await HeldTableLock.TakeAsync(database.AdminConnectionString, "organizations");
        await payments.ReleaseAsync();
        var waited = await organizations.ReleaseAfterWaitAsync(verifying, held: TimeSpan.FromSeconds(2), timeout: TimeSpan.FromMinutes(1));
        var (code, report) = await verifying;

        Assert.True(scanning && waited, "the check never waited on payments, then organizations: the test proves nothing");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(report.Results, r => r.Scope.StartsWith("model queries of account", StringComparison.Ordinal));
        Assert.All(report.Results, r => Assert.True(r.Passed, $"{r.Check} {r.Scope}: {r.Figures} {r.Note}"));
    }

    /// <summary>
    /// The plans check's EXPLAINs keep the role's and database's limits on purpose (they show what the application's
    /// queries get): their cancel names that limit, not the connection string's Options, which set none. The check's
    /// search for the busiest account (lifted) reads invoices, then waits on invoice_items; a lock on invoices queues
    /// behind its read, and is granted when its transaction ends: the first EXPLAIN, of invoices, waits past the limit.
    /// </summary>
    [Fact]
    public async Task A_limit_of_the_database_that_cancels_the_plans_check_is_named_as_the_database_s()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var items = await HeldTableLock.TakeAsync(database.AdminConnectionString, "invoice_items");

        var verifying = harness.VerifyAsync(null, VerifierCheck.Plans);
        Assert.True(await items.WaitedOnAsync(verifying, TimeSpan.FromMinutes(1)), "the busiest account's search never waited on invoice_items");
        var takingInvoices = HeldTableLock.TakeAsync(database.AdminConnectionString, "invoices");
        while (await WaitingForAsync("invoices", timeout.Token) == 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        await items.ReleaseAsync();
        await using var invoices = await takingInvoices;
        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => verifying);

        Assert.Equal(DatabaseLimitSentence, e.Message);
    }

    /// <summary>
    /// The CRUD check's writes keep the application's limits too: a write cancelled at the database's limit was a
    /// finding, "the application's work through the model failed" (exit 2), where the plans check's cancel is the
    /// sentence naming the limit (exit 3). The insert into customers waits past the limit behind a SHARE lock.
    /// </summary>
    [Fact]
    public async Task A_limit_of_the_database_that_cancels_the_crud_check_s_write_is_named_as_the_database_s()
    {
        await using var customers = await HeldTableLock.TakeAsync(database.AdminConnectionString, "customers", "SHARE");

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(null, VerifierCheck.Crud));

        Assert.Equal(DatabaseLimitSentence, e.Message);
        // It says what the verification left ("the target is as it was"): the migrator, which gives its own words for
        // that, must not add them again.
        Assert.True(e.SaysConsequence);
    }

    private const string DatabaseLimitSentence =
        "PostgreSQL cancelled a statement at its statement_timeout; the verification did not finish, and the target is as it was; the limit is the role's, the database's or the server's (ConnectionStrings:bai-db's Options set none), which the tools lift for their own work but not for the verifier's CRUD and plans checks, whose queries run under the application's limits on purpose, so raise it until those queries fit within it, or leave those two checks out (Bai.Verifier --checks schema,counts,content,references,isolation,sequences; the migrator with --no-verify).";

    /// <summary>Sessions of this database waiting for a lock on <paramref name="table"/>.</summary>
    private async Task<long> WaitingForAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND relation = to_regclass($1)", connection);
        command.Parameters.AddWithValue(table);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A limit set on the connection itself is the user's choice: kept, and its cancel said in one sentence.</summary>
    [Fact]
    public async Task A_limit_set_on_the_connection_is_kept_and_named()
    {
        var limited = new VerifierHarness(database.ConnectionString + ";Options=-c statement_timeout=1s");
        await using var held = await HeldTableLock.TakeAsync(database.AdminConnectionString, "invoice_items");

        var verifying = limited.VerifyAsync(null, VerifierCheck.Counts);
        await held.ReleaseAfterWaitAsync(verifying, held: TimeSpan.FromSeconds(2), timeout: TimeSpan.FromMinutes(1));
        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => verifying);
        await limited.DeleteFilesAsync();

        Assert.Equal(
            "PostgreSQL cancelled a statement at its statement_timeout; the verification did not finish, and the target is as it was; raise or remove the statement_timeout that ConnectionStrings:bai-db's Options sets, which the tools keep as the user's choice for all their statements.",
            e.Message);
    }
}
