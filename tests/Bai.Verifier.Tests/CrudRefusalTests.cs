namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>Its own database: the test swaps the tenant CHECK of invoices for an unrelated one.</summary>
public sealed class CrudRefusalTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    /// <summary>
    /// A target that refuses every write (a hot standby, or read-only sessions for the role): the CRUD check says so in
    /// its finding, once; EF's own error lines for the same refusal (the failed INSERT, the failed save) are not
    /// errors in the logs and on the dashboard besides.
    /// </summary>
    [Fact]
    public async Task A_read_only_target_is_one_finding_and_no_error_in_the_logs()
    {
        await database.AlterAsync("SET default_transaction_read_only = on");
        try
        {
            var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Crud);

            Assert.Equal(ExitCodes.DataProblems, code);
            var finding = Assert.Single(report.Findings);
            Assert.Equal("crud", finding.Check);
            Assert.Contains("cannot execute INSERT in a read-only transaction (25006)", finding.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(harness.Logs.Entries, e => e.Level >= LogLevel.Error);
        }
        finally
        {
            await database.AlterAsync("RESET default_transaction_read_only");
        }
    }

    [Fact]
    public async Task A_cross_account_write_refused_by_another_rule_than_the_tenant_check_is_a_finding()
    {
        // Without the same-account CHECK the cross-account invoice would be accepted; a rule on new rows' totals refuses
        // it first. A refusal is not proof of isolation unless the tenant CHECK gave it.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                """
                ALTER TABLE invoices DROP CONSTRAINT ck_invoices_customer_id_same_account;
                ALTER TABLE invoices ADD CONSTRAINT ck_invoices_total_positive CHECK (total > 0) NOT VALID;
                """, connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Crud);

        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("crud", "invoices"), (finding.Check, finding.Table));
        Assert.Contains("not through ck_invoices_customer_id_same_account", finding.Message, StringComparison.Ordinal);
        Assert.Contains("SQLSTATE 23514, constraint ck_invoices_total_positive", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The CRUD check writes customers, invoices, their items and payments; the application writes every BAI table. A
    /// role that lost a write privilege on another (users) passed. Each table's missing privileges are a finding.
    /// </summary>
    [Fact]
    public async Task A_privilege_the_role_lost_on_a_table_is_named_with_what_it_may_still_do()
    {
        await ExecuteAsAdminAsync("REVOKE INSERT, DELETE ON users FROM bai_user");
        try
        {
            var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Crud);

            Assert.Equal(ExitCodes.DataProblems, code);
            var finding = Assert.Single(report.Findings);
            Assert.Equal(
                ("crud", "users", "SELECT, INSERT, UPDATE, DELETE", "SELECT, UPDATE",
                 "bai_user may not INSERT, DELETE rows of users: the application's statements that do would be refused (permission denied)"),
                (finding.Check, finding.Table, finding.SourceValue, finding.TargetValue, finding.Message));
        }
        finally
        {
            await ExecuteAsAdminAsync("GRANT INSERT, DELETE ON users TO bai_user");
        }
    }

    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
