namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Migrator;
using Bai.SampleData;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// The tamperings of an outside review that every other check let through (exit 0): each changes a correctly migrated
/// target's schema as its owner or a superuser could, and the schema check must name the table, the object and what
/// differs. A database per test: a fresh migration into the same database would not put a dropped object back.
/// </summary>
public sealed class SchemaTamperingTests : IAsyncLifetime
{
    private PostgresDatabaseFixture database = null!;
    private VerifierHarness harness = null!;

    public async Task InitializeAsync()
    {
        database = await PostgresDatabaseFixture.CreateAsync();
        harness = new VerifierHarness(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await harness.DeleteFilesAsync();
        await database.DisposeAsync();
    }

    [Theory]
    // CHECKs: the tenant guard and the pair guard, dropped, not validated, or with another expression.
    [InlineData("payments", "ALTER TABLE payments DROP CONSTRAINT ck_payments_invoice_id_same_account",
        "constraint ck_payments_invoice_id_same_account", "is missing", null, null)]
    [InlineData("invoices", "ALTER TABLE invoices DROP CONSTRAINT ck_invoices_created_by_id_pair",
        "constraint ck_invoices_created_by_id_pair", "is missing", null, null)]
    [InlineData("invoices", "ALTER TABLE invoices DROP CONSTRAINT ck_invoices_customer_id_same_account, ADD CONSTRAINT ck_invoices_customer_id_same_account CHECK (customer_account_id = account_id) NOT VALID",
        "constraint ck_invoices_customer_id_same_account", "the target has validated no", "yes", "no")]
    [InlineData("invoices", "ALTER TABLE invoices DROP CONSTRAINT ck_invoices_customer_id_same_account, ADD CONSTRAINT ck_invoices_customer_id_same_account CHECK (customer_account_id <> '')",
        "constraint ck_invoices_customer_id_same_account", "the target has definition ((customer_account_id)::text <> ", "((customer_account_id)::text = (account_id)::text)", "((customer_account_id)::text <> ''::text)")]
    // Keys whose index PostgreSQL no longer uses (invalid) or no longer updates (not ready: the key refuses nothing).
    [InlineData("invoices", "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'pk_invoices'::regclass",
        "constraint pk_invoices", "the target has index valid no", "yes", "no")]
    [InlineData("payments", "UPDATE pg_index SET indisready = false WHERE indexrelid = 'pk_payments'::regclass",
        "constraint pk_payments", "the target has index valid no", "yes", "no")]
    // Indexes: the unique one and a reference's supporting one.
    [InlineData("users", "DROP INDEX ux_users_account_id_email", "index ux_users_account_id_email", "is missing", null, null)]
    [InlineData("invoices", "DROP INDEX ix_invoices_customer_account_id_customer_id", "index ix_invoices_customer_account_id_customer_id", "is missing", null, null)]
    // Foreign keys: actions, the referenced table and columns, and the triggers that enforce them.
    [InlineData("invoice_items", "ALTER TABLE invoice_items DROP CONSTRAINT fk_invoice_items_invoice_id, ADD CONSTRAINT fk_invoice_items_invoice_id FOREIGN KEY (invoice_account_id, invoice_id) REFERENCES invoices (account_id, id)",
        "constraint fk_invoice_items_invoice_id", "the target has on delete no action", "cascade", "no action")]
    [InlineData("payments", "ALTER TABLE payments DROP CONSTRAINT fk_payments_invoice_id, ADD CONSTRAINT fk_payments_invoice_id FOREIGN KEY (invoice_account_id, invoice_id) REFERENCES invoices (account_id, id) ON DELETE CASCADE",
        "constraint fk_payments_invoice_id", "the target has on delete cascade", "no action", "cascade")]
    [InlineData("payments", "CREATE TABLE customers_shadow AS SELECT account_id, id FROM customers; ALTER TABLE customers_shadow ADD PRIMARY KEY (account_id, id); ALTER TABLE payments DROP CONSTRAINT fk_payments_customer_id, ADD CONSTRAINT fk_payments_customer_id FOREIGN KEY (customer_account_id, customer_id) REFERENCES customers_shadow (account_id, id)",
        "constraint fk_payments_customer_id", "the target has references customers_shadow (account_id, id)", "customers (account_id, id)", "customers_shadow (account_id, id)")]
    [InlineData("payments", "ALTER TABLE payments DROP CONSTRAINT fk_payments_customer_id, ADD CONSTRAINT fk_payments_customer_id FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id)",
        "constraint fk_payments_customer_id", "the target has columns (account_id, customer_id)", "(customer_account_id, customer_id)", "(account_id, customer_id)")]
    [InlineData("payments", "ALTER TABLE payments DISABLE TRIGGER ALL", "constraint fk_payments_customer_id", "the target has triggers not enabled", "enabled", "not enabled: RI_ConstraintTrigger_c_")]
    // Columns: type modifiers, type, NOT NULL, collation, and a column the model does not have.
    [InlineData("customers", "ALTER TABLE customers ALTER COLUMN name TYPE text", "column name", "the target has type text", "character varying(255)", "text")]
    [InlineData("invoices", "ALTER TABLE invoices ALTER COLUMN subtotal TYPE numeric(14,4)", "column subtotal", "the target has type numeric(14,4)", "numeric(12,2)", "numeric(14,4)")]
    [InlineData("invoices", "ALTER TABLE invoices ALTER COLUMN created_at TYPE timestamptz", "column created_at", "the target has type timestamp with time zone", "timestamp without time zone", "timestamp with time zone")]
    [InlineData("invoices", "ALTER TABLE invoices ALTER COLUMN currency TYPE varchar(300)", "column currency", "the target has type character varying(300)", "character varying(3)", "character varying(300)")]
    [InlineData("invoices", "ALTER TABLE invoices ALTER COLUMN total DROP NOT NULL", "column total", "the target has not null no", "yes", "no")]
    [InlineData("payments", "ALTER TABLE payments ALTER COLUMN account_id TYPE varchar(100) COLLATE \"default\"", "column account_id", "the target has collation default", "C", "default")]
    // A collation of another schema that takes the name of a built-in one: a case-blind "default" for the emails.
    [InlineData("users", "CREATE COLLATION public.\"default\" (provider = icu, locale = 'und-u-ks-level2', deterministic = false); ALTER TABLE users ALTER COLUMN email TYPE varchar(255) COLLATE public.\"default\"",
        "column email", "the target has collation public.\"default\"", "default", "public.\"default\"")]
    // A text kept in the row: an invoice whose notes do not fit a page is refused.
    [InlineData("invoices", "ALTER TABLE invoices ALTER COLUMN notes SET STORAGE PLAIN", "column notes", "the target has long values refused (storage plain)", "stored", "refused (storage plain)")]
    [InlineData("customers", "ALTER TABLE customers ADD COLUMN nickname text", "column nickname", "is not in the model", null, "type text, collation default, default none, generated no, identity none, long values stored, not null no")]
    // Rows a COPY of the table does not read, and a table that no longer survives a crash.
    [InlineData("invoices", "CREATE TABLE invoices_more () INHERITS (invoices); INSERT INTO invoices_more SELECT * FROM invoices LIMIT 3",
        "child table invoices_more", "a COPY of invoices (the content check's) does not", null, "inherits from invoices")]
    // A BAI table made a partition of another (its bound refuses other accounts' rows) or a child of another.
    [InlineData("payments", "DO $$ BEGIN CREATE TABLE payments_parent (LIKE payments) PARTITION BY LIST (account_id); EXECUTE format('ALTER TABLE payments_parent ATTACH PARTITION payments FOR VALUES IN (%s)', (SELECT string_agg(DISTINCT quote_literal(account_id), ', ') FROM payments)); END $$",
        "parent table payments_parent", "payments is one of its partitions: a row outside its bound is refused, which the model accepts", null, "partition bound FOR VALUES IN ('")]
    [InlineData("payments", "CREATE TABLE payments_parent (LIKE payments); ALTER TABLE payments INHERIT payments_parent",
        "parent table payments_parent", "payments inherits from it: statements on payments_parent read, change and delete the rows of payments", null, "inherited by payments")]
    [InlineData("invoices", "ALTER TABLE invoices ENABLE ROW LEVEL SECURITY", "table invoices", "the target has row security on", "off", "on")]
    [InlineData("payments", "ALTER TABLE payments SET UNLOGGED", "table payments", "the target has persistence unlogged", "permanent", "unlogged")]
    public async Task A_schema_that_differs_from_the_model_is_named_by_table_object_and_both_sides(
        string table, string tampering, string obj, string said, string? expected, string? found)
    {
        await MigrateAsync(VerifierHarness.SmallSample);
        await ExecuteAsAdminAsync(tampering);

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings, f => f.Check == "schema" && f.Object == obj);
        Assert.Equal(table, finding.Table);
        Assert.Contains(said, finding.Message, StringComparison.Ordinal);
        if (expected is not null)
        {
            Assert.Equal(expected, finding.SourceValue);
        }

        if (found is null)
        {
            Assert.Null(finding.TargetValue);
        }
        else
        {
            Assert.StartsWith(found, finding.TargetValue, StringComparison.Ordinal);
        }

        Assert.Contains(report.Results, r => r is { Check: "schema", Passed: false } && r.Scope == table);
        Assert.StartsWith("differences found", report.Outcome, StringComparison.Ordinal);
    }

    /// <summary>
    /// A BAI table replaced by a partitioned one: its rows live in its partitions, which a COPY of the table does not
    /// read. All the checks run: the content check's COPY of a partitioned table is refused outright, which ended the
    /// verifier with exit 1 and lost the schema's findings; it names the table instead.
    /// </summary>
    [Fact]
    public async Task A_bai_table_that_is_partitioned_is_named_with_its_partition()
    {
        await MigrateAsync(VerifierHarness.SmallSample);
        await ExecuteAsAdminAsync(
            """
            ALTER TABLE payments RENAME TO payments_old;
            CREATE TABLE payments (LIKE payments_old INCLUDING ALL) PARTITION BY LIST (account_id);
            CREATE TABLE payments_rest PARTITION OF payments DEFAULT;
            INSERT INTO payments SELECT * FROM payments_old;
            GRANT ALL ON payments, payments_rest TO PUBLIC;
            GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO PUBLIC;
            """);

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.Contains(report.Findings, f => f is { Check: "content", Table: "payments" } && f.Message.Contains("cannot be read", StringComparison.Ordinal));
        var kind = Assert.Single(report.Findings, f => f.Object == "table payments");
        Assert.Equal(("ordinary table", "partitioned table"), (kind.SourceValue, kind.TargetValue));
        var partition = Assert.Single(report.Findings, f => f.Object == "child table payments_rest");
        Assert.Equal("payments", partition.Table);
    }

    /// <summary>
    /// session_replication_role = replica for the application's sessions (set for its database or role) skips the
    /// triggers that enforce every foreign key, while each stays enabled and validated: the application's writes are
    /// no longer checked against their parents. The check reads the setting as the application's sessions get it.
    /// </summary>
    [Fact]
    public async Task Foreign_keys_the_applications_sessions_do_not_enforce_are_named()
    {
        await MigrateAsync(VerifierHarness.SmallSample);
        await database.AlterAsync("SET session_replication_role = replica");

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Schema);

        Assert.Equal(ExitCodes.DataProblems, code);
        var foreignKeys = report.Findings.Where(f => f.Object is not null && f.Object.StartsWith("constraint fk_", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, foreignKeys.Count);
        Assert.All(foreignKeys, f => Assert.Equal(
            ("enabled", "not enabled: session_replication_role is replica (a setting of the database), and PostgreSQL skips the triggers that enforce the foreign key in replica sessions"),
            (f.SourceValue, f.TargetValue)));
        Assert.Equal(foreignKeys.Count, report.Findings.Count);
    }

    /// <summary>
    /// A table of a BAI table's name in a schema the search_path lists first (here the role's own, "$user") is what the
    /// application and every check read; the migrated table behind it was not named at all, and the findings about the
    /// copy (its keys named otherwise) pointed at objects the migrated table has.
    /// </summary>
    [Fact]
    public async Task A_table_shadowed_through_the_search_path_is_named_with_the_table_found_first()
    {
        await MigrateAsync(VerifierHarness.SmallSample);
        await ExecuteAsAdminAsync(
            """
            CREATE SCHEMA bai_user AUTHORIZATION bai_user;
            CREATE TABLE bai_user.payments (LIKE public.payments INCLUDING ALL);
            INSERT INTO bai_user.payments SELECT * FROM public.payments;
            ALTER TABLE bai_user.payments OWNER TO bai_user;
            """);

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Schema);

        Assert.Equal(ExitCodes.DataProblems, code);
        var shadowed = Assert.Single(report.Findings, f => f.Object == "shadowed table public.payments");
        Assert.Equal(
            ("payments", "kind ordinary table, shadowed by bai_user.payments",
             "shadowed table public.payments is not in the model (kind ordinary table, shadowed by bai_user.payments): the search_path finds bai_user.payments first, so the application reads and writes that table, and these checks compare it, not this one"),
            (shadowed.Table, shadowed.TargetValue, shadowed.Message));
    }

    /// <summary>An index a DBA adds after the cutover (not unique) changes neither the data nor what may be written: no
    /// finding. A unique one refuses rows the model accepts: a finding.</summary>
    [Theory]
    [InlineData("CREATE INDEX ix_report ON invoices (account_id, issue_date)", false)]
    [InlineData("CREATE UNIQUE INDEX ux_report ON invoices (account_id, invoice_number, issue_date)", true)]
    public async Task An_extra_index_is_a_finding_only_when_it_refuses_rows(string index, bool finding)
    {
        await MigrateAsync(VerifierHarness.SmallSample);
        await ExecuteAsAdminAsync(index);

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Schema);

        Assert.Equal(finding ? ExitCodes.DataProblems : ExitCodes.Success, code);
        Assert.Equal(finding, report.Findings.Any(f => f.Table == "invoices" && f.Object is not null && f.Object.StartsWith("index ", StringComparison.Ordinal)));
    }

    /// <summary>A text stored out of line without compression (EXTERNAL, for fast substrings) or compressed in the row
    /// first (MAIN) still takes any value: no finding. PLAIN refuses a row that does not fit a page: a finding.</summary>
    [Theory]
    [InlineData("EXTERNAL", false)]
    [InlineData("MAIN", false)]
    [InlineData("PLAIN", true)]
    public async Task A_storage_strategy_is_a_finding_only_when_it_refuses_long_values(string storage, bool finding)
    {
        await MigrateAsync(VerifierHarness.SmallSample);
        await ExecuteAsAdminAsync($"ALTER TABLE invoices ALTER COLUMN notes SET STORAGE {storage}");

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Schema);

        Assert.Equal(finding ? ExitCodes.DataProblems : ExitCodes.Success, code);
        Assert.Equal(finding, report.Findings.Any(f => f.Object == "column notes"));

        // What the finding is about: the application's note of 20,000 characters, which the model accepts.
        var write = harness.ScalarAsync<object>("UPDATE invoices SET notes = repeat('x', 20000) WHERE id = (SELECT min(id) FROM invoices)");
        if (finding)
        {
            Assert.Equal(PostgresErrorCodes.ProgramLimitExceeded, (await Assert.ThrowsAsync<PostgresException>(() => write)).SqlState);
        }
        else
        {
            await write;
        }
    }

    /// <summary>A table of the application's own is its business; the schema check compares only the BAI tables.</summary>
    [Fact]
    public async Task A_table_that_is_not_bais_is_no_finding()
    {
        await MigrateAsync(VerifierHarness.SmallSample);
        await ExecuteAsAdminAsync("CREATE TABLE audit_log (id bigint PRIMARY KEY, note text)");

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Schema);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(report.Findings);
        Assert.Equal(9, report.Results.Count(r => r is { Check: "schema", Passed: true }));
    }

    public static TheoryData<string> CorrectSources => new() { "the committed sample", "a damaged file under quarantine" };

    [Theory]
    [MemberData(nameof(CorrectSources))]
    public async Task A_correct_migration_has_the_models_schema(string source)
    {
        await MigrateAsync(source == "the committed sample"
            ? SampleOptions.CommittedSample
            : VerifierHarness.SmallSample with { Damage = new HashSet<DamageKind> { DamageKind.OrphanReference, DamageKind.NullInNotNull, DamageKind.TextInTypedColumn } },
            source == "the committed sample" ? BadRowsPolicy.Fail : BadRowsPolicy.Quarantine);

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Schema);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(report.Findings);
        Assert.Equal(9, report.Results.Count(r => r is { Check: "schema", Passed: true }));
    }

    private async Task MigrateAsync(SampleOptions sample, BadRowsPolicy policy = BadRowsPolicy.Fail)
    {
        await harness.GenerateAsync(sample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(policy));
    }

    /// <summary>As a superuser: DISABLE TRIGGER ALL turns off the system's RI triggers, which only a superuser may.</summary>
    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
