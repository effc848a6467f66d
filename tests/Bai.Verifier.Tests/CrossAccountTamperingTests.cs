namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>Its own database: the test drops a CHECK that a fresh migration into the same database would not put back.</summary>
public sealed class CrossAccountTamperingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task An_invoice_pointing_at_another_accounts_customer_is_named_by_table_account_and_id()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        string accountA, accountB;
        long invoiceId, customerB;
        await using (var pick = new NpgsqlCommand(
            """
            SELECT i.account_id, i.id, c.account_id, c.id FROM invoices i JOIN customers c ON c.account_id <> i.account_id
            ORDER BY i.account_id, i.id, c.account_id, c.id LIMIT 1
            """, connection))
        await using (var reader = await pick.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            (accountA, invoiceId, accountB, customerB) = (reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3));
        }

        await using (var tamper = new NpgsqlCommand(
            $"""
            ALTER TABLE invoices DROP CONSTRAINT ck_invoices_customer_id_same_account;
            UPDATE invoices SET customer_account_id = '{accountB}', customer_id = {customerB} WHERE account_id = '{accountA}' AND id = {invoiceId};
            """, connection))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var isolation = Assert.Single(report.Findings, f => f is { Check: "isolation", Table: "invoices", Column: "customer_account_id" });
        Assert.Equal((accountA, invoiceId, accountB), (isolation.Account, isolation.Id, isolation.TargetValue));
        // The same link seen through the model's navigations, and the dropped CHECK seen by the CRUD check.
        Assert.Contains(report.Findings, f => f is { Check: "isolation", Table: "invoices", Column: null } && f.Id == invoiceId);
        Assert.Contains(report.Findings, f => f is { Check: "crud", Table: "invoices" } && f.Message.Contains("accepted", StringComparison.Ordinal));
        var content = Assert.Single(report.Findings, f => f.Check == "content");
        Assert.Equal(("invoices", accountA, invoiceId, "customer_id"), (content.Table, content.Account, content.Id, content.Column));
        Assert.Contains(report.Results, r => r is { Check: "isolation", Passed: false });

        // Alone (no content check before it to share its scans), the isolation check finds it the same.
        var (aloneCode, alone) = await harness.VerifyAsync(null, VerifierCheck.Isolation);
        Assert.Equal(ExitCodes.DataProblems, aloneCode);
        var aloneFinding = Assert.Single(alone.Findings, f => f is { Check: "isolation", Table: "invoices", Column: "customer_account_id" });
        Assert.Equal((accountA, invoiceId, accountB), (aloneFinding.Account, aloneFinding.Id, aloneFinding.TargetValue));
    }
}
