namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.SampleData;
using Bai.Testing.Postgres;
using Bai.Testing.Sqlite;

/// <summary>data-rules.md, "Schema drift": refused as a whole and named in the report, unless the user drops what the model does not know.</summary>
public sealed class SchemaDriftTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    public static TheoryData<DamageKind, string, string, string?> DriftKinds => new()
    {
        { DamageKind.SchemaDriftUnknownColumn, DriftFinding.UnknownColumn, "customers", "loyalty_tier" },
        { DamageKind.SchemaDriftUnknownTable, DriftFinding.UnknownTable, "audit_log", null },
        { DamageKind.SchemaDriftMissingTable, DriftFinding.MissingTable, "payments", null },
        { DamageKind.UnexpectedAlembicVersion, DriftFinding.UnexpectedAlembicVersion, "alembic_version", "version_num" },
    };

    [Theory]
    [MemberData(nameof(DriftKinds))]
    public async Task Schema_drift_is_refused_and_named_in_the_report(DamageKind kind, string finding, string table, string? column)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(kind));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.DataProblems, run.Describe());
        var drift = run.Report.GetProperty("drift").EnumerateArray()
            .Select(d => (d.GetProperty("kind").GetString(), d.GetProperty("table").GetString(), d.GetProperty("column").GetString()))
            .ToList();
        Assert.Equal([(finding, table, column)], drift);
        if (kind == DamageKind.UnexpectedAlembicVersion)
        {
            Assert.Contains("0f1e2d3c4b5a", run.Report.GetProperty("drift")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Only the tool's own ledger exists: no application table, and no load recorded.
        var tables = await TargetDatabase.TablesAsync(database);
        Assert.Contains($"{BaiSchema.ToolSchema}.runs", tables);
        Assert.All(tables, t => Assert.StartsWith($"{BaiSchema.ToolSchema}.", t, StringComparison.Ordinal));
        Assert.Equal(0, await TargetDatabase.CountAsync(database, $"SELECT count(*) FROM {BaiSchema.ToolSchema}.loads"));
        source.AssertUnchanged();
    }

    /// <summary>
    /// An application's own views, triggers and indexes are not in the legacy schema and are not carried over: no row
    /// is lost, so the run goes on, and each is named in the report with its SQL (they passed in silence). The legacy
    /// schema's own indexes are not named, and the objects of a table left behind with --drop go with it.
    /// </summary>
    [Fact]
    public async Task Views_triggers_and_indexes_the_application_added_are_named_and_not_carried_over()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(DamageKind.SchemaDriftUnknownTable));
        source.Edit(
            """
            CREATE VIEW open_invoices AS SELECT id, account_id FROM invoices WHERE status = 'open';
            CREATE TRIGGER touch_customer AFTER UPDATE ON customers BEGIN UPDATE customers SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
            CREATE INDEX ix_invoices_status ON invoices (status, account_id);
            CREATE INDEX ix_audit_log_action ON audit_log (action);
            """);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database, "--drop", "audit_log");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var leftBehind = run.Report.GetProperty("leftBehind");
        Assert.Equal(
            [("view", "open_invoices", "open_invoices"), ("trigger", "touch_customer", "customers"), ("index", "ix_invoices_status", "invoices")],
            leftBehind.EnumerateArray().Select(o => (o.GetProperty("type").GetString(), o.GetProperty("name").GetString(), o.GetProperty("table").GetString())));
        Assert.StartsWith("CREATE INDEX ix_invoices_status ON invoices", leftBehind[2].GetProperty("sql").GetString(), StringComparison.Ordinal);
        source.AssertUnchanged();
    }

    [Theory]
    [InlineData(DamageKind.SchemaDriftUnknownColumn, "customers.loyalty_tier")]
    [InlineData(DamageKind.SchemaDriftUnknownTable, "audit_log")]
    [InlineData(DamageKind.SchemaDriftUnknownColumn, "Customers.LOYALTY_TIER")]
    [InlineData(DamageKind.SchemaDriftUnknownTable, "Audit_Log")]
    public async Task Drop_leaves_an_unknown_column_or_table_behind_explicitly(DamageKind kind, string drop)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(kind));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartVerifiedAsync(source, database, "--drop", drop);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        Assert.Empty(run.Report.GetProperty("drift").EnumerateArray());
        await RejectedDamageTests.AssertLoadedExactlyAsync(source, database, new HashSet<(string, long)>(), new Dictionary<(string, long, string), string>());
        Assert.DoesNotContain("public.audit_log", await TargetDatabase.TablesAsync(database));

        // Left behind on purpose is still said, with what it held (it was said nowhere: the verification then read
        // "exactly what the source held"): in the migration's report, and in the verification's outcome.
        var (expectedKind, expectedName, count) = kind == DamageKind.SchemaDriftUnknownTable
            ? ("table", "audit_log", "SELECT count(*) FROM audit_log")
            : ("column", "customers.loyalty_tier", "SELECT count(loyalty_tier) FROM customers");
        long held;
        using (var file = source.OpenReadOnly())
        using (var command = file.CreateCommand())
        {
            command.CommandText = count;
            held = (long)command.ExecuteScalar()!;
        }

        Assert.True(held > 0);
        var dropped = Assert.Single(run.Report.GetProperty("dropped").EnumerateArray());
        Assert.Equal((expectedKind, expectedName, held), (dropped.GetProperty("kind").GetString(), dropped.GetProperty("name").GetString(), dropped.GetProperty("holds").GetInt64()));
        using var verification = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(source.Folder, "*.verification.json"))));
        var unit = expectedKind == "table" ? "rows" : "values";
        Assert.Equal(
            $"verified: PostgreSQL holds exactly what the source held; outside the BAI model, not compared: {expectedKind} {expectedName} ({held:N0} {unit})",
            verification.RootElement.GetProperty("outcome").GetString());
        source.AssertUnchanged();
    }

    /// <summary>
    /// SQLite matches names whatever the case of their ASCII letters, so a file that spells a table or a column with
    /// capitals holds the model's schema: no drift, and it loads and verifies as any other file.
    /// </summary>
    [Fact]
    public async Task Names_spelled_with_capitals_are_the_models_tables_and_columns()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit("""
            ALTER TABLE invoices RENAME TO invoices_renamed;
            ALTER TABLE invoices_renamed RENAME TO "Invoices";
            ALTER TABLE customers RENAME COLUMN notes TO "NOTES";
            ALTER TABLE invoice_items RENAME COLUMN invoice_id TO "Invoice_Id";
            """);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        Assert.Empty(run.Report.GetProperty("drift").EnumerateArray());
        await RejectedDamageTests.AssertLoadedExactlyAsync(source, database, new HashSet<(string, long)>(), new Dictionary<(string, long, string), string>());
        source.AssertUnchanged();
    }

    /// <summary>
    /// A table declared WITHOUT ROWID has no rowid, by which the tools name every source row: refused as drift with the
    /// way to rebuild it, not an unexpected error.
    /// </summary>
    [Fact]
    public async Task A_table_declared_without_rowid_is_named_with_how_to_rebuild_it()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit(connection => WithoutRowId.Rebuild(connection, "payments"));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.DataProblems, run.Describe());
        var drift = Assert.Single(run.Report.GetProperty("drift").EnumerateArray());
        Assert.Equal(DriftFinding.WithoutRowId, drift.GetProperty("kind").GetString());
        Assert.Equal("payments", drift.GetProperty("table").GetString());
        Assert.Contains("ALTER TABLE payments_rowid RENAME TO payments", drift.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(await TargetDatabase.TablesAsync(database), t => Assert.StartsWith($"{BaiSchema.ToolSchema}.", t, StringComparison.Ordinal));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A column named rowid takes SQLite's name for the row's own id: named as drift even when --drop leaves the column
    /// behind, as the tools could no longer name the table's rows.
    /// </summary>
    [Fact]
    public async Task A_column_named_rowid_is_named_even_when_dropped()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit("ALTER TABLE customers ADD COLUMN \"RowId\" TEXT DEFAULT 'not the rowid'");
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database, "--bad-rows", "quarantine", "--drop", "customers.RowId");

        Assert.True(run.ExitCode == ExitCodes.DataProblems, run.Describe());
        var drift = Assert.Single(run.Report.GetProperty("drift").EnumerateArray());
        Assert.Equal((DriftFinding.RowIdShadowed, "customers", "RowId"),
            (drift.GetProperty("kind").GetString(), drift.GetProperty("table").GetString(), drift.GetProperty("column").GetString()));
        Assert.Contains("RENAME COLUMN \"RowId\" TO legacy_rowid", drift.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(await TargetDatabase.TablesAsync(database), t => Assert.StartsWith($"{BaiSchema.ToolSchema}.", t, StringComparison.Ordinal));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A generated column (SQLite 3.31) is a column the model lacks like any other, though pragma_table_info does not
    /// list it: it passed unnoticed, and the verifier then said the target held exactly what the source held.
    /// </summary>
    [Fact]
    public async Task A_generated_column_is_drift_until_dropped_explicitly()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit("ALTER TABLE invoices ADD COLUMN notes_upper TEXT GENERATED ALWAYS AS (upper(notes)) VIRTUAL");
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var refused = await MigrationRun.StartAsync(source, database);
        var dropped = await MigrationRun.StartAsync(source, database, "--drop", "invoices.notes_upper");

        Assert.True(refused.ExitCode == ExitCodes.DataProblems, refused.Describe());
        var drift = Assert.Single(refused.Report.GetProperty("drift").EnumerateArray());
        Assert.Equal((DriftFinding.UnknownColumn, "invoices", "notes_upper"),
            (drift.GetProperty("kind").GetString(), drift.GetProperty("table").GetString(), drift.GetProperty("column").GetString()));
        Assert.Contains("generated column", drift.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(dropped.ExitCode == ExitCodes.Success, dropped.Describe());
        await RejectedDamageTests.AssertLoadedExactlyAsync(source, database, new HashSet<(string, long)>(), new Dictionary<(string, long, string), string>());
        source.AssertUnchanged();
    }

    /// <summary>
    /// A full-text index the application added (an FTS5 virtual table over invoices' notes) is one finding and one
    /// --drop: its five shadow tables were five findings, each to drop by a name the user never chose.
    /// </summary>
    [Fact]
    public async Task A_virtual_table_is_one_finding_with_its_shadow_tables()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit("""
            CREATE VIRTUAL TABLE invoices_search USING fts5(notes, content='invoices', content_rowid='id');
            INSERT INTO invoices_search (invoices_search) VALUES ('rebuild');
            """);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var refused = await MigrationRun.StartAsync(source, database);
        var dropped = await MigrationRun.StartAsync(source, database, "--drop", "invoices_search");

        Assert.True(refused.ExitCode == ExitCodes.DataProblems, refused.Describe());
        var drift = Assert.Single(refused.Report.GetProperty("drift").EnumerateArray());
        Assert.Equal((DriftFinding.UnknownTable, "invoices_search"), (drift.GetProperty("kind").GetString(), drift.GetProperty("table").GetString()));
        Assert.Contains("virtual table", drift.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(dropped.ExitCode == ExitCodes.Success, dropped.Describe());
        await RejectedDamageTests.AssertLoadedExactlyAsync(source, database, new HashSet<(string, long)>(), new Dictionary<(string, long, string), string>());
        source.AssertUnchanged();
    }
}
