using Bai.Core.Schema;

namespace Bai.SampleData.Tests;

public sealed class DamageTests : IDisposable
{
    private static readonly SampleOptions Small = new() { Accounts = 2, InvoicesPerAccount = 20, Seed = 5 };
    private readonly TempFolder _temp = new();

    public static TheoryData<DamageKind> Kinds => [.. DamageKinds.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_kind_changes_exactly_the_cells_its_manifest_lists(DamageKind kind)
    {
        var clean = await SampleGenerator.GenerateAsync(_temp.File("clean.db"), Small, CancellationToken.None);
        var damaged = await SampleGenerator.GenerateAsync(_temp.File("damaged.db"), Small with { Damage = new HashSet<DamageKind> { kind } }, CancellationToken.None);

        Assert.NotEmpty(damaged.Damage);
        Assert.All(damaged.Damage, d => Assert.Equal(kind, d.Kind));
        Assert.All(damaged.Damage, d => Assert.Equal(DamageKinds.IsValidConversion(kind), d.Expected is not null));

        var listed = damaged.Damage.Where(d => d.RowId is not null).Select(d => (d.Table, d.RowId!.Value, d.Column!)).ToHashSet();
        var (changed, added, removed) = FileDiff.Compare(clean.Path, damaged.Path);
        // Cells changed in rows both files hold are exactly the listed ones (orphaned items keep their value:
        // their invoice went away); rows added are listed copies.
        var orphaned = kind == DamageKind.OrphanReference ? listed.Where(c => c.Table == "invoice_items").ToHashSet() : [];
        Assert.Equal(listed.Where(c => !added.Contains((c.Table, c.Item2)) && !orphaned.Contains(c)).Order(), changed.Order());
        Assert.All(added, row => Assert.Contains(listed, c => (c.Table, c.Item2) == row));
        if (kind == DamageKind.OrphanReference)
        {
            var deleted = (long)damaged.Damage.First(d => d.Table == "invoice_items").RawValue!;
            Assert.Contains(("invoices", deleted), removed);
            Assert.All(removed, row => Assert.True(row == ("invoices", deleted) || row.Table == "payments"));
        }
        else if (kind != DamageKind.SchemaDriftMissingTable)
        {
            Assert.Empty(removed);
        }

        foreach (var entry in damaged.Damage.Where(d => d.RowId is not null))
        {
            var cell = SqliteFile.ReadCell(damaged.Path, entry.Table, entry.RowId!.Value, entry.Column!);
            Assert.True(cell.Matches(entry.StorageClass, entry.RawValue), $"{entry} holds {cell}");
        }
    }

    [Fact]
    public async Task Orphans_point_at_rows_that_do_not_exist()
    {
        var summary = await Generate(DamageKind.OrphanReference);

        Assert.All(summary.Damage, d => Assert.Equal(0L, SqliteFile.Scalar<long>(summary.Path,
            $"SELECT count(*) FROM {BaiSchema.Table(d.Table).ReferenceFor(d.Column!)!.ParentTable} WHERE id = {d.RawValue}")));
        Assert.Contains(summary.Damage, d => d.Table == "items" && d.Column == "category_id");
        Assert.Contains(summary.Damage, d => d.Table == "invoice_items" && d.Column == "invoice_id");
    }

    [Fact]
    public async Task Cross_account_references_point_at_rows_of_another_account()
    {
        var summary = await Generate(DamageKind.CrossAccountReference);

        Assert.Equal(2, summary.Damage.Count);
        foreach (var d in summary.Damage)
        {
            var parent = BaiSchema.Table(d.Table).ReferenceFor(d.Column!)!.ParentTable;
            Assert.Equal(1L, SqliteFile.Scalar<long>(summary.Path,
                $"SELECT count(*) FROM {d.Table} c JOIN {parent} p ON p.id = c.{d.Column} WHERE c.id = {d.RowId} AND p.account_id <> c.account_id"));
        }
    }

    [Fact]
    public async Task A_duplicate_email_shares_its_account_and_address_with_an_older_user()
    {
        var summary = await Generate(DamageKind.DuplicateUserEmail);

        var entry = Assert.Single(summary.Damage);
        Assert.Equal(2L, SqliteFile.Scalar<long>(summary.Path,
            $"SELECT count(*) FROM users u JOIN users d ON d.account_id = u.account_id AND d.email = u.email WHERE d.id = {entry.RowId}"));
    }

    [Fact]
    public async Task An_overlong_account_id_exceeds_the_targets_hundred_characters()
    {
        var summary = await Generate(DamageKind.OverlongVarchar);

        Assert.Contains(summary.Damage, d => d.Column == BaiSchema.AccountIdColumn && ((string)d.RawValue!).Length > BaiSchema.AccountIdLength);
        Assert.All(summary.Damage, d => Assert.True(((string)d.RawValue!).Length > BaiSchema.Table(d.Table).Column(d.Column!).MaxLength));
    }

    [Fact]
    public async Task Schema_drift_adds_a_column_and_a_table_drops_payments_and_changes_the_revision()
    {
        var summary = await Generate(DamageKind.SchemaDriftUnknownColumn, DamageKind.SchemaDriftUnknownTable,
            DamageKind.SchemaDriftMissingTable, DamageKind.UnexpectedAlembicVersion, DamageKind.NullInNotNull);

        Assert.Equal(3L, SqliteFile.Scalar<long>(summary.Path, "SELECT count(loyalty_tier) FROM customers"));
        Assert.Equal(3L, SqliteFile.Scalar<long>(summary.Path, "SELECT count(*) FROM audit_log"));
        Assert.False(SqliteFile.HasTable(summary.Path, "payments"));
        Assert.DoesNotContain("payments", summary.RowCounts.Keys);
        var revision = SqliteFile.Scalar<string>(summary.Path, "SELECT version_num FROM alembic_version");
        Assert.NotEqual(BaiSchema.ExpectedAlembicVersion, revision);
        Assert.Equal(revision, summary.Damage.Single(d => d.Kind == DamageKind.UnexpectedAlembicVersion).RawValue);
        Assert.Equal(4, summary.Damage.Count(d => d.Kind == DamageKind.NullInNotNull));
        // The table declarations are back as the legacy script wrote them, NOT NULL included.
        Assert.Contains(SqliteFile.Scalar<string>(summary.Path, "SELECT sql FROM sqlite_master WHERE name = 'items'"), LegacySchemaScript.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_kinds_at_once_list_each_kind_and_leave_a_readable_file()
    {
        var summary = await Generate([.. DamageKinds.All]);

        Assert.Equal(DamageKinds.All.Order(), summary.Damage.Select(d => d.Kind).Distinct().Order());
        Assert.Equal(summary.Damage.Count, summary.Damage.Select(d => (d.Table, d.RowId, d.Column)).Distinct().Count());
        Assert.DoesNotContain(summary.Damage, d => d.Table == "payments" && d.RowId is not null);
    }

    public void Dispose() => _temp.Dispose();

    private Task<SampleSummary> Generate(params DamageKind[] kinds) =>
        SampleGenerator.GenerateAsync(_temp.File($"{Guid.NewGuid():N}.db"), Small with { Damage = kinds.ToHashSet() }, CancellationToken.None);
}
