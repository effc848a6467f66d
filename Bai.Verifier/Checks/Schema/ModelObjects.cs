namespace Bai.Verifier.Checks.Schema;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>
/// What the EF Core model (the one the migrations were generated from and the migrator applies) defines for one
/// table, as <see cref="SchemaObject"/>s with the facets <see cref="CatalogObjects"/> reads, spelled the same way.
/// Types and CHECK expressions come already spelled as PostgreSQL spells them (<see cref="PostgresSpelling"/>).
/// </summary>
internal static class ModelObjects
{
    public static IEnumerable<SchemaObject> Of(ITable table, IReadOnlyDictionary<string, string> types, IReadOnlyDictionary<string, string> checks)
    {
        // An ordinary, logged table that shows every row to every role: a COPY of it reads all the application sees.
        yield return new(SchemaObject.Table, table.Name, new Dictionary<string, string>
        {
            ["kind"] = "ordinary table",
            ["persistence"] = "permanent",
            ["row security"] = "off",
        });

        foreach (var column in table.Columns)
        {
            yield return new(SchemaObject.Column, column.Name, new Dictionary<string, string>
            {
                ["type"] = types[column.StoreType],
                ["not null"] = YesNo(!column.IsNullable),
                ["collation"] = column.Collation ?? "default",
                ["identity"] = Identity(column),
                ["generated"] = column.ComputedColumnSql is null ? "no" : "stored",
                ["default"] = column.DefaultValueSql ?? column.DefaultValue?.ToString() ?? "none",
                // The type's own storage, as the migration leaves it: a value too long for a page is stored out of line.
                ["long values"] = "stored",
            });
        }

        var primaryKey = table.PrimaryKey;
        if (primaryKey is not null)
        {
            yield return Key(primaryKey, "primary key");
        }

        foreach (var unique in table.UniqueConstraints.Where(u => u != primaryKey))
        {
            yield return Key(unique, "unique");
        }

        foreach (var check in table.CheckConstraints)
        {
            yield return new(SchemaObject.Constraint, check.Name!, Constraint("check", new() { ["definition"] = checks[check.Name!] }));
        }

        foreach (var foreignKey in table.ForeignKeyConstraints)
        {
            yield return new(SchemaObject.Constraint, foreignKey.Name, Constraint("foreign key", new()
            {
                ["columns"] = Columns(foreignKey.Columns),
                ["references"] = $"{foreignKey.PrincipalTable.Name} {Columns(foreignKey.PrincipalColumns)}",
                ["on delete"] = Action(foreignKey.OnDeleteAction),
                // EF has no ON UPDATE: its keys never change, so PostgreSQL's default is what the migration created.
                ["on update"] = "no action",
                ["match"] = "simple",
                ["triggers"] = "enabled",
            }));
        }

        foreach (var index in table.Indexes)
        {
            var facets = ModelKeyFacets.Of(index);
            facets["unique"] = YesNo(index.IsUnique);
            facets["method"] = index.MappedIndexes.First().GetMethod() ?? "btree";
            facets["predicate"] = index.Filter ?? "none";
            facets["valid"] = "yes";
            yield return new(SchemaObject.Index, index.Name, facets);
        }
    }

    /// <summary>The type names of the model's columns, for <see cref="PostgresSpelling.TypesAsync"/>.</summary>
    public static IEnumerable<string> StoreTypes(IEnumerable<ITable> tables) => tables.SelectMany(t => t.Columns).Select(c => c.StoreType).Distinct(StringComparer.Ordinal);

    /// <summary>A key of the model, backed by an index PostgreSQL uses and updates, as the migration builds it.</summary>
    private static SchemaObject Key(IUniqueConstraint key, string type)
    {
        var facets = ModelKeyFacets.Of(key);
        facets["index valid"] = "yes";
        return new(SchemaObject.Constraint, key.Name, Constraint(type, facets));
    }

    /// <summary>What every constraint of the migration is besides its own facets: immediate and validated.</summary>
    private static Dictionary<string, string> Constraint(string type, Dictionary<string, string> facets)
    {
        facets["type"] = type;
        facets["deferrable"] = "no";
        facets["validated"] = "yes";
        return facets;
    }

    private static string Identity(IColumn column) =>
        column.PropertyMappings[0].Property.GetValueGenerationStrategy(StoreObjectIdentifier.Table(column.Table.Name, column.Table.Schema)) switch
        {
            NpgsqlValueGenerationStrategy.IdentityByDefaultColumn => "by default",
            NpgsqlValueGenerationStrategy.IdentityAlwaysColumn => "always",
            _ => "none",
        };

    private static string Action(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "cascade",
        ReferentialAction.Restrict => "restrict",
        ReferentialAction.SetNull => "set null",
        ReferentialAction.SetDefault => "set default",
        _ => "no action",
    };

    private static string Columns(IEnumerable<IColumn> columns) => $"({string.Join(", ", columns.Select(c => c.Name))})";

    private static string YesNo(bool value) => value ? "yes" : "no";
}
