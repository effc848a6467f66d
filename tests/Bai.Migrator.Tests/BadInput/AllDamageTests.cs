namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.Core.Schema;
using Bai.SampleData;
using Bai.Testing.Postgres;

/// <summary>Issue 5: a file with every kind of damage at once, under quarantine, accounts for every row and verifies clean (exit 0 is the verifier's).</summary>
public sealed class AllDamageTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Every_kind_at_once_under_quarantine_gives_source_rows_equal_to_migrated_plus_rejected()
    {
        // Every kind but the two drifts no option can accept (a missing table, another Alembic revision).
        DamageKind[] kinds = [.. DamageKinds.All.Where(k => k is not (DamageKind.SchemaDriftMissingTable or DamageKind.UnexpectedAlembicVersion))];
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(kinds));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartVerifiedAsync(source, database, "--bad-rows", "quarantine", "--drop", "customers.loyalty_tier", "--drop", "audit_log");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var damagedRows = source.Damage.Where(d => !d.IsValidConversion && d.RowId is not null).Select(d => (d.Table, d.RowId!.Value)).ToHashSet();
        var quarantine = await TargetDatabase.QuarantineAsync(database);
        Assert.Superset(damagedRows, quarantine.Select(r => (r.Table, r.RowId)).ToHashSet());
        foreach (var table in BaiSchema.AllTables)
        {
            var sourceRows = TargetDatabase.SourceCount(source, table.Name);
            var migrated = await TargetDatabase.CountAsync(database, $"SELECT count(*) FROM {table.Name}");
            var rejected = quarantine.Count(r => r.Table == table.Name);
            Assert.True(sourceRows == migrated + rejected, $"{table.Name}: {sourceRows} source rows != {migrated} migrated + {rejected} rejected");
        }

        foreach (var row in quarantine)
        {
            QuarantineAssert.HoldsSourceRowWhole(source, row);
        }

        // The valid-but-odd values of the same file loaded as what they mean.
        foreach (var damage in source.Damage.Where(d => d.IsValidConversion && !damagedRows.Contains((d.Table, d.RowId!.Value))))
        {
            var text = await TargetDatabase.CountAsync(database,
                $"SELECT count(*) FROM {damage.Table} WHERE id = {damage.RowId} AND {damage.Column} = '{damage.Expected}'");
            Assert.True(text == 1, $"{damage.Table} {damage.RowId} {damage.Column} is not {damage.Expected}");
        }

        source.AssertUnchanged();
    }
}
