namespace Bai.Verifier.Checks;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Verifier.Checks.Schema;
using Bai.Verifier.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

/// <summary>
/// The BAI tables are what the EF Core model defines: columns (type with its modifiers, NOT NULL, collation,
/// identity, default), keys and indexes (with each key column's collation, operator class and order, INCLUDE columns,
/// NULLS [NOT] DISTINCT), CHECKs (validated, same expression), foreign keys (columns, referenced table and columns,
/// actions, validated, RI triggers enabled), and nothing that hides rows from a COPY of the table or rewrites or
/// refuses the application's writes (inheritance children, partitions, a parent and its partition bound, rules,
/// triggers, row security). The other checks compare rows; a dropped tenant CHECK, a foreign key without its triggers
/// or a <c>numeric(14,4)</c> column passed them all, as the rows were still right, while the database no longer guarded
/// them as the model says. Catalog queries only; tables that are not BAI's are the application's business unless they
/// inherit from one or one inherits from them.
/// </summary>
internal sealed class SchemaCheck : IVerificationCheck
{
    public VerifierCheck Check => VerifierCheck.Schema;

    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var model = DesignTimeModel(context);
        var tables = BaiSchema.AllTables.Select(t => model.FindTable(t.Name, null)!).ToList();
        // Without the role's or database's statement_timeout, as the checks that read whole tables: the catalog query
        // and the EXPLAINs of the CHECKs (which wait behind a session holding a table) are the tool's, not the application's.
        await using var connection = await context.OpenWholeTableTargetAsync(cancellationToken);
        var found = await CatalogObjects.ReadAsync(connection, [.. tables.Select(t => t.Name)], cancellationToken);
        var types = await PostgresSpelling.TypesAsync(connection, [.. ModelObjects.StoreTypes(tables)], cancellationToken);
        foreach (var table in tables)
        {
            using var span = VerifierTelemetry.StartTable(Check, table.Name);
            var checks = await CheckDefinitionsAsync(connection, table, cancellationToken);
            var expected = ModelObjects.Of(table, types, checks).ToList();
            var differences = SchemaComparison.Compare(table.Name, expected, found[table.Name]).ToList();
            foreach (var d in differences)
            {
                context.AddSchemaFinding(table.Name, d.Object, d.Column, d.Expected, d.Found, d.Message);
            }

            var columns = expected.Count(o => o.Kind == SchemaObject.Column);
            var constraints = expected.Count(o => o.Kind == SchemaObject.Constraint);
            var indexes = expected.Count(o => o.Kind == SchemaObject.Index);
            context.AddResult(new CheckResult(Check.Key(), table.Name, differences.Count == 0,
                differences.Count == 0
                    ? $"as the model: {Counted.Of(columns, "column")}, {Counted.Of(constraints, "constraint")}, {Counted.Of(indexes, "index", "indexes")}"
                    : $"{differences.Count} differences from the model"));
        }
    }

    /// <summary>
    /// The full model: the runtime model EF optimises for queries leaves out what only migrations need, such as CHECK
    /// constraints and their SQL (https://learn.microsoft.com/ef/core/modeling/#design-time-model).
    /// </summary>
    private static IRelationalModel DesignTimeModel(VerificationContext context)
    {
        var (scope, db) = context.CreateDbContext();
        using (scope)
        {
            return db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        }
    }

    private static async Task<Dictionary<string, string>> CheckDefinitionsAsync(Npgsql.NpgsqlConnection connection, ITable table, CancellationToken cancellationToken)
    {
        var checks = table.CheckConstraints.ToList();
        if (checks.Count == 0)
        {
            return [];
        }

        var spelled = await PostgresSpelling.ChecksAsync(connection, table.Name, [.. checks.Select(c => c.Sql)], cancellationToken);
        return checks.Zip(spelled, (check, sql) => (check.Name!, sql)).ToDictionary(c => c.Item1, c => c.sql, StringComparer.Ordinal);
    }
}
