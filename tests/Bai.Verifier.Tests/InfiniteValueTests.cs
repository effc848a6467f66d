namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Microsoft.Data.Sqlite;

/// <summary>
/// The dates at the ends of .NET's range: the migrator must store them as the dates they are (Npgsql's importer wrote
/// them as ±infinity), and the verifier must not take a target's infinity for them, though Npgsql reads the two alike.
/// </summary>
public sealed class InfiniteValueTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);
    private long invoiceId;

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        await using (var source = new SqliteConnection($"Data Source={harness.SqlitePath};Pooling=false"))
        {
            await source.OpenAsync();
            await using var command = source.CreateCommand();
            command.CommandText = """
                UPDATE invoices SET due_date = '9999-12-31', issue_date = '0001-01-01', updated_at = '0001-01-01 00:00:00'
                WHERE id = (SELECT min(id) FROM invoices) RETURNING id
                """;
            invoiceId = (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task The_ends_of_the_date_range_are_stored_as_dates_and_verify()
    {
        Assert.Equal(
            "9999-12-31|0001-01-01|0001-01-01 00:00:00",
            await harness.ScalarAsync<string>($"SELECT due_date::text || '|' || issue_date::text || '|' || updated_at::text FROM invoices WHERE id = {invoiceId}"));

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(report.Findings);
    }

    [Theory]
    [InlineData("due_date", "infinity")]
    [InlineData("issue_date", "-infinity")]
    [InlineData("updated_at", "-infinity")]
    public async Task An_infinity_where_the_source_has_an_end_of_the_range_is_a_finding(string column, string infinity)
    {
        var account = await harness.ScalarAsync<string>($"SELECT account_id FROM invoices WHERE id = {invoiceId}");
        await harness.ScalarAsync<object>($"UPDATE invoices SET {column} = '{infinity}' WHERE id = {invoiceId}");
        try
        {
            var (code, report) = await harness.VerifyAsync();

            Assert.Equal(ExitCodes.DataProblems, code);
            var finding = Assert.Single(report.Findings);
            Assert.Equal(("content", "invoices", account, invoiceId, column, infinity), (finding.Check, finding.Table, finding.Account, finding.Id, finding.Column, finding.TargetValue));
            Assert.Contains(report.Results, r => r is { Check: "content", Scope: "invoices", Passed: false });
        }
        finally
        {
            var original = column == "due_date" ? "9999-12-31" : column == "issue_date" ? "0001-01-01" : "0001-01-01 00:00:00";
            await harness.ScalarAsync<object>($"UPDATE invoices SET {column} = '{original}' WHERE id = {invoiceId}");
        }
    }
}
