namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;

/// <summary>
/// A source whose customers' largest id is the largest bigint (SQLite allows it): every row loads, but the
/// application can never insert a customer again. The verifier says so, in the sequences check and in the CRUD check
/// whose insert the database refuses, as findings (exit 2), not as a crash of its own (exit 1).
/// </summary>
public sealed class ExhaustedIdentityTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        await harness.EditSourceAsync("""
            PRAGMA foreign_keys = OFF;
            UPDATE invoices SET customer_id = 9223372036854775807 WHERE customer_id = (SELECT max(id) FROM customers);
            UPDATE payments SET customer_id = 9223372036854775807 WHERE customer_id = (SELECT max(id) FROM customers);
            UPDATE customers SET id = 9223372036854775807 WHERE id = (SELECT max(id) FROM customers);
            """);

        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task An_identity_at_the_end_of_its_range_is_a_finding_of_the_sequences_and_crud_checks()
    {
        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.Equal(
            [("crud", "customers"), ("sequences", "customers")],
            report.Findings.Select(f => (f.Check, f.Table)).Order());
        Assert.Contains("reached maximum value", Assert.Single(report.Findings, f => f.Check == "crud").Message, StringComparison.Ordinal);
        // Not "would hand out id -9223372036854775808": the next id overflowed.
        Assert.Contains("has handed out its last id, 9223372036854775807", Assert.Single(report.Findings, f => f.Check == "sequences").Message, StringComparison.Ordinal);
    }
}
