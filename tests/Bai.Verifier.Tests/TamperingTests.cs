namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>Each test migrates afresh, changes the target behind the migrator's back, and expects exit 2 with a precise finding.</summary>
public sealed class TamperingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task A_changed_value_is_named_by_table_account_id_and_column()
    {
        var (account, id) = await FirstRowAsync("invoices");
        await ExecuteAsync($"UPDATE invoices SET notes = 'tampered' WHERE account_id = '{account}' AND id = {id}");

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("content", "invoices", account, id, "notes", "tampered"), (finding.Check, finding.Table, finding.Account, finding.Id, finding.Column, finding.TargetValue));
        Assert.Contains(report.Results, r => r is { Check: "content", Scope: "invoices", Passed: false });
    }

    /// <summary>A NULL is null in the report, not the text 'NULL', which a value of the text 'NULL' could not be told from.</summary>
    [Fact]
    public async Task A_null_that_became_the_text_null_is_told_apart()
    {
        var account = await harness.ScalarAsync<string>("SELECT account_id FROM invoices WHERE notes IS NULL ORDER BY account_id, id LIMIT 1");
        var id = await harness.ScalarAsync<long>($"SELECT min(id) FROM invoices WHERE notes IS NULL AND account_id = '{account}'");
        await ExecuteAsync($"UPDATE invoices SET notes = 'NULL' WHERE account_id = '{account}' AND id = {id}");

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("notes", null, "NULL"), (finding.Column, finding.SourceValue, finding.TargetValue));
        Assert.Contains("the source's is NULL", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_row_is_named_by_table_account_and_id()
    {
        var (account, id) = await FirstRowAsync("payments");
        await ExecuteAsync($"DELETE FROM payments WHERE account_id = '{account}' AND id = {id}");

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var content = Assert.Single(report.Findings, f => f.Check == "content");
        Assert.Equal(("payments", account, id, (string?)null), (content.Table, content.Account, content.Id, content.Column));
        Assert.Contains("missing from the target", content.Message, StringComparison.Ordinal);
        var count = Assert.Single(report.Findings, f => f.Check == "counts");
        Assert.Equal(("payments", account), (count.Table, count.Account));

        // The log line says the parts the finding has and nothing of those it has not (no "column , target ").
        var logged = Assert.Single(harness.Logs.Entries, e => e.Message.StartsWith("content payments: ", StringComparison.Ordinal));
        Assert.EndsWith($"(account {account}, id {id})", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extra_row_is_named_by_table_account_and_id()
    {
        var (account, _) = await FirstRowAsync("customers");
        var id = await harness.ScalarAsync<long>($"INSERT INTO customers (account_id, name, created_at) VALUES ('{account}', 'intruder', now()) RETURNING id");

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var content = Assert.Single(report.Findings, f => f.Check == "content");
        Assert.Equal(("customers", account, id), (content.Table, content.Account, content.Id));
        Assert.Contains(report.Findings, f => f is { Check: "counts", Table: "customers" } && f.Account == account);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_the_model_query_misses_or_adds_are_named_by_the_isolation_check(bool withContent)
    {
        // The first account is always sampled. With the content check the isolation check compares with the scan's
        // checksum of the account's ids, without it with the ids read from SQLite: both must name the same rows.
        var (account, deleted) = await FirstRowAsync("payments");
        await ExecuteAsync($"DELETE FROM payments WHERE account_id = '{account}' AND id = {deleted}");
        var added = await harness.ScalarAsync<long>($"INSERT INTO customers (account_id, name, created_at) VALUES ('{account}', 'intruder', now()) RETURNING id");

        var (code, report) = withContent
            ? await harness.VerifyAsync(null, VerifierCheck.Content, VerifierCheck.Isolation)
            : await harness.VerifyAsync(null, VerifierCheck.Isolation);

        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.Equal(
            [("customers", account, (long?)added, "returns a row that is not one of the account's source rows"), ("payments", account, deleted, "does not return this source row of the account")],
            report.Findings.Where(f => f.Check == "isolation")
                .Select(f => (f.Table, f.Account, f.Id, f.Message[(f.Message.IndexOf("model ", StringComparison.Ordinal) + 6)..]))
                .Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sequence_moved_back_is_named_by_table_account_and_id(bool withContent)
    {
        // With the content check, the largest ids come from its scan; alone, from max(id) queries.
        var (account, maxId) = await LastRowAsync("invoices");
        await ExecuteAsync("SELECT setval(pg_get_serial_sequence('invoices', 'id'), 1)");

        var (code, report) = withContent
            ? await harness.VerifyAsync(null, VerifierCheck.Content, VerifierCheck.Sequences)
            : await harness.VerifyAsync(null, VerifierCheck.Sequences);

        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.Equal(withContent, report.Results.Any(r => r.Check == "content"));
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("sequences", "invoices", account, maxId, "2"), (finding.Check, finding.Table, finding.Account, finding.Id, finding.TargetValue));
    }

    /// <summary>
    /// A sequence moved back makes the CRUD check's new rows take ids other accounts' rows already have. The check said
    /// "account A sees an invoice of account B", which no query showed: A's row with that id is A's own (the key is
    /// account and id). It now says what happened, beside the sequences finding that names the cause. The identity is
    /// set so that the CRUD check's first new invoice (account A's, the first sampled account) takes the largest id of
    /// account B (the last), which B then finds among its own.
    /// </summary>
    [Fact]
    public async Task A_sequence_moved_back_is_not_called_an_isolation_failure_by_the_crud_check()
    {
        // B's largest invoice id goes to A's new invoice (A has no row with it), B's new one takes the next (B has none).
        await ExecuteAsync("""
            SELECT setval(pg_get_serial_sequence('invoices', 'id'), max(id) - 1) FROM invoices
            WHERE account_id = (SELECT max(account_id) FROM (SELECT account_id FROM organizations UNION SELECT account_id FROM customers) a)
            """);

        // One after the other: the CRUD check's ids, taken in a rolled-back transaction, still move the identity on.
        var (_, sequences) = await harness.VerifyAsync(null, VerifierCheck.Sequences);
        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Crud);

        Assert.Contains(sequences.Findings, f => f is { Check: "sequences", Table: "invoices" });
        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.DoesNotContain(report.Findings, f => f.Message.Contains(" sees ", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f is { Check: "crud", Table: "invoices" }
            && f.Message.EndsWith("already has: the identity handed out an id in use (see the sequences check), so the id alone no longer names one row", StringComparison.Ordinal));
    }

    /// <summary>
    /// The CRUD check's inserts take ids from the identities (its transaction is rolled back, the ids stay taken), and it
    /// ran beside the sequences check: an identity that would hand out the largest id had given it to the CRUD check's
    /// new row by the time the sequences check read it, which then found it past the largest id (exit 0). The
    /// sequences check reads every identity before the CRUD check writes.
    /// </summary>
    [Fact]
    public async Task An_identity_at_the_largest_id_is_named_though_the_crud_check_takes_ids()
    {
        var (account, maxId) = await LastRowAsync("payments");
        await ExecuteAsync("SELECT setval(pg_get_serial_sequence('payments', 'id'), max(id), false) FROM payments");

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings, f => f.Check == "sequences");
        Assert.Equal(("payments", account, maxId, maxId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (finding.Table, finding.Account, finding.Id, finding.TargetValue));
    }

    /// <summary>An identity that counts down, stops short or wraps passed as "past the largest id" (outside review, runs 32 and 33).</summary>
    [Theory]
    [InlineData("INCREMENT BY -1 MINVALUE 1", "counts down")]
    [InlineData("MAXVALUE 9999999", "stops at MAXVALUE 9999999")]
    [InlineData("CYCLE", "is CYCLE")]
    [InlineData("INCREMENT BY 1000", "steps by 1000")]
    public async Task An_identity_that_would_collide_or_stop_is_named(string change, string says)
    {
        await ExecuteAsync($"ALTER TABLE invoices ALTER COLUMN id SET {change.Replace(" MINVALUE 1", "", StringComparison.Ordinal)}");
        if (change.Contains("MINVALUE", StringComparison.Ordinal))
        {
            await ExecuteAsync("ALTER SEQUENCE " + await harness.ScalarAsync<string>("SELECT pg_get_serial_sequence('invoices', 'id')") + " MINVALUE 1");
        }

        (int, VerifierReportView) verified;
        try
        {
            verified = await harness.VerifyAsync(null, VerifierCheck.Sequences);
        }
        finally
        {
            // The class's database outlives the test, and --reset empties tables, not identities' options.
            await ExecuteAsync("ALTER TABLE invoices ALTER COLUMN id SET INCREMENT BY 1 SET MAXVALUE 9223372036854775807 SET NO CYCLE");
        }

        var (code, report) = verified;
        Assert.Equal(ExitCodes.DataProblems, code);
        // Counting down, the next id is also one that exists: that is said too.
        Assert.All(report.Findings, f => Assert.Equal(("sequences", "invoices", "id"), (f.Check, f.Table, f.Column)));
        Assert.Contains(report.Findings, f => f.Message.Contains(says, StringComparison.Ordinal));
    }

    /// <summary>
    /// What the scan cannot read as the model's types ended the verifier with exit 1 and no report (outside review,
    /// runs 54, 61-63, 91). The content check names the table; the checks after it read the target on their own.
    /// </summary>
    [Theory]
    [InlineData("UPDATE invoices SET total = 'NaN' WHERE id = 1", null)]
    [InlineData("UPDATE invoices SET due_date = '0010-01-01 BC' WHERE id = 1", null)]
    [InlineData("UPDATE invoices SET updated_at = '10000-01-01' WHERE id = 1", null)]
    [InlineData("ALTER TABLE invoices ALTER COLUMN total TYPE double precision", "ALTER TABLE invoices ALTER COLUMN total TYPE numeric(12,2)")]
    [InlineData("ALTER TABLE invoices RENAME COLUMN notes TO note", "ALTER TABLE invoices RENAME COLUMN note TO notes")]
    public async Task A_target_the_scan_cannot_read_is_named_not_a_crash(string tampering, string? undo)
    {
        await ExecuteAsync(tampering);
        (int, VerifierReportView) verified;
        try
        {
            verified = await harness.VerifyAsync();
        }
        finally
        {
            if (undo is not null)
            {
                await ExecuteAsync(undo);
            }
        }

        var (code, report) = verified;
        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.Contains(report.Findings, f => f is { Check: "content", Table: "invoices" } && f.Message.Contains("cannot be read as the model defines its columns", StringComparison.Ordinal));
        Assert.Contains(report.Results, r => r is { Check: "counts" });
    }

    private async Task<(string Account, long Id)> FirstRowAsync(string table) =>
        await RowAsync($"SELECT account_id, id FROM {table} ORDER BY account_id, id OFFSET 3 LIMIT 1");

    private async Task<(string Account, long Id)> LastRowAsync(string table) =>
        await RowAsync($"SELECT account_id, id FROM {table} ORDER BY id DESC LIMIT 1");

    private async Task<(string Account, long Id)> RowAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetInt64(1));
    }

    private async Task ExecuteAsync(string sql) => await harness.ScalarAsync<object>(sql);
}
