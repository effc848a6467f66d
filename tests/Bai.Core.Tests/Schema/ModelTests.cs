namespace Bai.Core.Tests.Schema;

using Bai.Core.Data;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

public sealed class ModelTests
{
    private static readonly IRelationalModel Model = DesignTimeContext().GetService<IDesignTimeModel>().Model.GetRelationalModel();

    [Fact]
    public void The_model_has_no_changes_the_migrations_do_not_carry()
    {
        using var db = DesignTimeContext();
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet dotnet-ef migrations add <Name> --project Bai.Core --output-dir Data/Migrations");
    }

    [Fact]
    public void Every_table_has_the_legacy_columns_plus_one_account_column_per_reference_with_the_target_types()
    {
        foreach (var spec in BaiSchema.AllTables)
        {
            var table = Model.FindTable(spec.Name, null);
            Assert.NotNull(table);
            var expected = spec.TargetColumns.Select(name => (name, TypeOf(spec, name))).OrderBy(c => c.name, StringComparer.Ordinal).ToList();
            var actual = table.Columns.Select(c => (c.Name, c.StoreType)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
            foreach (var column in spec.Columns)
            {
                Assert.Equal(column.Nullable, table.FindColumn(column.Name)!.IsNullable);
            }
        }
    }

    [Fact]
    public void Every_tenant_table_is_keyed_by_account_then_id_and_every_reference_is_a_composite_key_with_both_checks()
    {
        foreach (var spec in BaiSchema.TenantTables)
        {
            var table = Model.FindTable(spec.Name, null)!;
            Assert.Equal(["account_id", "id"], table.PrimaryKey!.Columns.Select(c => c.Name));
            foreach (var reference in spec.References)
            {
                var key = Assert.Single(table.ForeignKeyConstraints, fk => fk.Columns.Any(c => c.Name == reference.Column));
                Assert.Equal([reference.AccountColumn, reference.Column], key.Columns.Select(c => c.Name));
                Assert.Equal(reference.ParentTable, key.PrincipalTable.Name);
                Assert.Equal(["account_id", "id"], key.PrincipalColumns.Select(c => c.Name));
                Assert.Equal(reference.CascadeDelete ? ReferentialAction.Cascade : ReferentialAction.NoAction, key.OnDeleteAction);
                Assert.Equal(reference.Nullable, table.FindColumn(reference.AccountColumn)!.IsNullable);
                Assert.Contains(table.CheckConstraints, c => c.Sql == $"{reference.AccountColumn} = account_id");
                Assert.Contains(table.Indexes, i => i.Columns.Select(c => c.Name).SequenceEqual([reference.AccountColumn, reference.Column]));
                if (reference.Nullable)
                {
                    Assert.Contains(table.CheckConstraints, c => c.Sql == $"({reference.AccountColumn} IS NULL) = ({reference.Column} IS NULL)");
                }
            }
        }
    }

    [Fact]
    public void Users_are_unique_per_account_and_email()
    {
        var users = Model.FindTable("users", null)!;
        var unique = Assert.Single(users.Indexes, i => i.IsUnique);
        Assert.Equal(["account_id", "email"], unique.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Ids_are_identities_so_the_application_inserts_without_choosing_them()
    {
        foreach (var spec in BaiSchema.TenantTables)
        {
            var id = Model.FindTable(spec.Name, null)!.FindColumn("id")!;
            var property = Assert.Single(id.PropertyMappings).Property;
            Assert.Equal(Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn, property.GetValueGenerationStrategy());
        }
    }

    private static string TypeOf(TableSpec spec, string column) =>
        spec.References.Any(r => r.AccountColumn == column) ? "character varying(100)" : spec.Column(column).PostgresType;

    private static BaiDbContext DesignTimeContext() => new(new DbContextOptionsBuilder<BaiDbContext>().UseBai(dataSource: null).Options);
}
