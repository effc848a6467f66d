namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Migrator;
using Bai.SampleData.Damage;
using Bai.Testing.Postgres;
using Microsoft.Data.Sqlite;

/// <summary>
/// An <c>account_id</c> stored as a number (a file whose schema once declared no type): it loads as the text
/// data-rules.md gives it (REAL 0.5 as '0.5'), so the counts must name it so on the source side too, for rows loaded
/// and rows rejected alike. Found by <c>RandomDamageTests</c>, seed 4: the verifier counted such a row under "no valid
/// account" and the target under its digits, and failed a correct migration.
/// </summary>
public sealed class NumericAccountTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);
    private long loadedId;
    private long rejectedId;

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        var original = await RelaxedSchema.RelaxAsync(harness.SqlitePath, CancellationToken.None);
        await using (var source = new SqliteConnection($"Data Source={harness.SqlitePath};Pooling=false"))
        {
            await source.OpenAsync();
            await using var command = source.CreateCommand();
            // One customer moves to the account REAL 0.5 and loads; another to INTEGER 42 with no name and is rejected.
            command.CommandText = """
                UPDATE customers SET account_id = 0.5 WHERE id = (SELECT min(id) FROM customers) RETURNING id;
                UPDATE customers SET account_id = 42, name = NULL WHERE id = (SELECT max(id) FROM customers) RETURNING id;
                """;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            loadedId = reader.GetInt64(0);
            await reader.NextResultAsync();
            await reader.ReadAsync();
            rejectedId = reader.GetInt64(0);
        }

        await RelaxedSchema.RestoreAsync(harness.SqlitePath, original, CancellationToken.None);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(BadRowsPolicy.Quarantine));
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task Rows_of_a_numeric_account_are_counted_under_the_text_they_load_as()
    {
        Assert.Equal("0.5", await harness.ScalarAsync<string>($"SELECT account_id FROM customers WHERE id = {loadedId}"));
        Assert.Equal("42", await harness.ScalarAsync<string>($"SELECT account_id FROM bai_migration.rejected_rows WHERE table_name = 'customers' AND source_row_id = {rejectedId}"));

        // The counts alone (SQLite's GROUP BY), and all checks (the content scan counts the rows it reads).
        foreach (var checks in new[] { new[] { VerifierCheck.Counts }, [] })
        {
            var (code, report) = await harness.VerifyAsync(null, checks);

            Assert.Empty(report.Findings);
            Assert.Equal(ExitCodes.Success, code);
        }
    }

    [Fact]
    public async Task The_isolation_check_alone_finds_the_numeric_account_s_rows_in_the_source()
    {
        // Without the content scan before it, the check reads each sampled account's rows from SQLite; "0.5" sorts
        // first, so it is sampled. Its row is REAL 0.5 in a column of TEXT affinity, which never equals the text '0.5'.
        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Isolation);

        Assert.Contains(report.Results, r => r.Scope == "model queries of account 0.5" && r.Passed);
        Assert.Empty(report.Findings);
        Assert.Equal(ExitCodes.Success, code);
    }

    [Fact]
    public async Task A_changed_row_of_a_numeric_account_is_named_by_its_column()
    {
        // The content check's drill-down reads the differing account's source rows the same way: it named every row
        // of the account on the target as one the source does not have.
        var name = await harness.ScalarAsync<string>($"SELECT name FROM customers WHERE id = {loadedId}");
        await harness.ScalarAsync<object>($"UPDATE customers SET name = name || ' (edited)' WHERE id = {loadedId}");
        try
        {
            var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Content);

            var finding = Assert.Single(report.Findings);
            Assert.Equal(("customers", "0.5", (long?)loadedId, "name"), (finding.Table, finding.Account, finding.Id, finding.Column));
            // Checks, not result lines, are counted (it said "in 20 checks" of 8).
            Assert.Equal("differences found: 1 finding in 1 check", report.Outcome);
            Assert.Equal(ExitCodes.DataProblems, code);
        }
        finally
        {
            await harness.ScalarAsync<object>($"UPDATE customers SET name = '{name.Replace("'", "''", StringComparison.Ordinal)}' WHERE id = {loadedId}");
        }
    }

    [Fact]
    public async Task A_quarantine_written_without_the_numeric_account_still_counts_the_row_under_it()
    {
        // Earlier migrators left account_id NULL in the quarantine for an account_id that was not TEXT.
        var row = $"table_name = 'customers' AND source_row_id = {rejectedId}";
        await harness.ScalarAsync<object>($"UPDATE bai_migration.rejected_rows SET account_id = NULL WHERE {row}");
        try
        {
            var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Counts);

            Assert.Empty(report.Findings);
            Assert.Equal(ExitCodes.Success, code);
        }
        finally
        {
            await harness.ScalarAsync<object>($"UPDATE bai_migration.rejected_rows SET account_id = '42' WHERE {row}");
        }
    }
}
