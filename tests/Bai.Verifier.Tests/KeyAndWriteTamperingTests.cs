namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// Tamperings that leave every row and every column as the model defines them, so only the schema check can see them:
/// objects that act on the application's statements (a trigger, a rule, a row-security policy, an extra unique index),
/// and keys and indexes rebuilt over the same columns with another collation, operator class, order, INCLUDE list or
/// NULLS treatment, each of which changes what a key refuses or the order an index scan returns. A database per test,
/// as in <see cref="SchemaTamperingTests"/>.
/// </summary>
public sealed class KeyAndWriteTamperingTests : IAsyncLifetime
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
    [InlineData("invoices",
        "CREATE FUNCTION keep_total() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.total := OLD.total; RETURN NEW; END$$; CREATE TRIGGER trg_keep_total BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION keep_total()",
        "trigger trg_keep_total", "trigger trg_keep_total is not in the model (definition CREATE TRIGGER trg_keep_total BEFORE UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION keep_total(), enabled yes): it runs on the application's writes")]
    // Disabled, a trigger runs on nothing until it is enabled again: said as such, where it was said to run.
    [InlineData("payments",
        "CREATE FUNCTION keep_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER trg_keep_row BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION keep_row(); ALTER TABLE payments DISABLE TRIGGER trg_keep_row",
        "trigger trg_keep_row", "trigger trg_keep_row is not in the model (definition CREATE TRIGGER trg_keep_row BEFORE INSERT ON public.payments FOR EACH ROW EXECUTE FUNCTION keep_row(), enabled no): disabled, it runs on the application's writes once enabled again")]
    // A constraint trigger's constraint, which pg_constraint types 't', was said to be of "type t".
    [InlineData("payments",
        "CREATE FUNCTION keep_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE CONSTRAINT TRIGGER ct_keep_row AFTER INSERT ON payments DEFERRABLE FOR EACH ROW EXECUTE FUNCTION keep_row()",
        "constraint ct_keep_row", "constraint ct_keep_row is not in the model (type constraint trigger, deferrable yes, definition TRIGGER DEFERRABLE, validated yes): it refuses rows the model accepts")]
    [InlineData("payments",
        "CREATE RULE no_delete AS ON DELETE TO payments DO INSTEAD NOTHING",
        "rule no_delete", "rule no_delete is not in the model (definition CREATE RULE no_delete AS\n    ON DELETE TO public.payments DO INSTEAD NOTHING;): it rewrites the application's statements")]
    [InlineData("customers",
        "CREATE POLICY first_account ON customers FOR SELECT TO PUBLIC USING (account_id = 'acct-0001'); ALTER TABLE customers ENABLE ROW LEVEL SECURITY",
        "policy first_account", "policy first_account is not in the model (type permissive, command select, roles public, using ((account_id)::text = 'acct-0001'::text), with check none): row-level security decides which rows a role sees")]
    [InlineData("customers",
        "CREATE UNIQUE INDEX ux_customers_name ON customers (account_id, id, name)",
        "index ux_customers_name", "index ux_customers_name is not in the model (collations (C, default, default), columns (account_id, id, name), include none, method btree, nulls distinct, operator classes (default, default, default), order (asc nulls last, asc nulls last, asc nulls last), predicate none, unique yes, valid yes): it refuses rows the model accepts")]
    public async Task An_object_that_acts_on_the_applications_statements_is_named_with_what_it_does(string table, string tampering, string obj, string message)
    {
        var report = await TamperAsync(tampering);

        var finding = Assert.Single(report.Findings, f => f.Check == "schema" && f.Object == obj);
        Assert.Equal((table, message, (string?)null), (finding.Table, finding.Message, finding.SourceValue));
    }

    [Fact]
    public async Task A_policy_comes_with_row_security_turned_on_and_both_are_named()
    {
        var report = await TamperAsync("CREATE POLICY own_rows ON invoices USING (account_id = current_user::text); ALTER TABLE invoices ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY");

        var table = Assert.Single(report.Findings, f => f.Object == "table invoices");
        Assert.Equal("table invoices: the model defines row security off, the target has row security forced", table.Message);
        Assert.Single(report.Findings, f => f.Object == "policy own_rows");
    }

    [Theory]
    // The unique index the model defines, rebuilt over the same columns: what it refuses, and the order it reads in, differ.
    [InlineData("users", "DROP INDEX ux_users_account_id_email; CREATE UNIQUE INDEX ux_users_account_id_email ON users (account_id COLLATE \"default\", email)",
        "index ux_users_account_id_email", "collations", "(C, default)", "(default, default)")]
    [InlineData("users", "DROP INDEX ux_users_account_id_email; CREATE UNIQUE INDEX ux_users_account_id_email ON users (account_id, email DESC)",
        "index ux_users_account_id_email", "order", "(asc nulls last, asc nulls last)", "(asc nulls last, desc nulls first)")]
    [InlineData("users", "DROP INDEX ux_users_account_id_email; CREATE UNIQUE INDEX ux_users_account_id_email ON users (account_id, email NULLS FIRST)",
        "index ux_users_account_id_email", "order", "(asc nulls last, asc nulls last)", "(asc nulls last, asc nulls first)")]
    [InlineData("users", "DROP INDEX ux_users_account_id_email; CREATE UNIQUE INDEX ux_users_account_id_email ON users (account_id, email) INCLUDE (full_name)",
        "index ux_users_account_id_email", "include", "none", "(full_name)")]
    [InlineData("users", "DROP INDEX ux_users_account_id_email; CREATE UNIQUE INDEX ux_users_account_id_email ON users (account_id, email text_pattern_ops)",
        "index ux_users_account_id_email", "operator classes", "(default, default)", "(default, text_pattern_ops)")]
    [InlineData("users", "DROP INDEX ux_users_account_id_email; CREATE UNIQUE INDEX ux_users_account_id_email ON users (account_id, email) NULLS NOT DISTINCT",
        "index ux_users_account_id_email", "nulls", "distinct", "not distinct")]
    // A reference's supporting index, and a primary key rebuilt with an INCLUDE list.
    [InlineData("invoices", "DROP INDEX ix_invoices_customer_account_id_customer_id; CREATE INDEX ix_invoices_customer_account_id_customer_id ON invoices (customer_account_id DESC, customer_id DESC)",
        "index ix_invoices_customer_account_id_customer_id", "order", "(asc nulls last, asc nulls last)", "(desc nulls first, desc nulls first)")]
    [InlineData("payments", "ALTER TABLE payments DROP CONSTRAINT pk_payments, ADD CONSTRAINT pk_payments PRIMARY KEY (account_id, id) INCLUDE (amount)",
        "constraint pk_payments", "include", "none", "(amount)")]
    public async Task A_key_rebuilt_over_the_same_columns_is_named_with_what_differs(string table, string tampering, string obj, string facet, string expected, string found)
    {
        var report = await TamperAsync(tampering);

        var finding = Assert.Single(report.Findings, f => f.Check == "schema" && f.Object == obj);
        Assert.Equal(
            (table, $"{obj}: the model defines {facet} {expected}, the target has {facet} {found}", expected, found),
            (finding.Table, finding.Message, finding.SourceValue, finding.TargetValue));
    }

    /// <summary>
    /// An operator created in public for varchar (here a case-blind =) is what the application's comparisons of its
    /// varchar columns resolve to, rather than PostgreSQL's text = text: 'ACCT_0001' finds account acct_0001's rows. It
    /// was reported as nine tenant CHECKs differing from the model, with the model's side spelled through that very
    /// operator (lower(...) = lower(...)) and the target's, which were right, as the difference. It is named on each
    /// table with varchar columns, and the CHECKs compare as they are.
    /// </summary>
    [Fact]
    public async Task An_operator_that_takes_the_place_of_postgresqls_is_named_and_not_taken_for_the_checks()
    {
        var report = await TamperAsync(
            """
            CREATE FUNCTION public.ci_eq(varchar, varchar) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';
            CREATE OPERATOR public.= (LEFTARG = varchar, RIGHTARG = varchar, FUNCTION = public.ci_eq, COMMUTATOR = OPERATOR(public.=));
            """);

        Assert.Equal(
            BaiSchema.AllTables.Select(t => (t.Name, (string?)"operator public.=(character varying, character varying)", (string?)"function public.ci_eq(character varying, character varying)")).Order(),
            report.Findings.Select(f => (f.Table, f.Object, f.TargetValue)).Order());
        Assert.EndsWith(
            "it takes the place of PostgreSQL's operator of that name in the application's comparisons of users's columns whose types fit its arguments more closely (CVE-2018-1058)",
            Assert.Single(report.Findings, f => f.Table == "users").Message,
            StringComparison.Ordinal);
    }

    private async Task<VerifierReportView> TamperAsync(string tampering)
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
        await using (var connection = new NpgsqlConnection(database.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(tampering, connection);
            await command.ExecuteNonQueryAsync();
        }

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Schema);
        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.StartsWith("differences found", report.Outcome, StringComparison.Ordinal);
        return report;
    }
}
