namespace Bai.Migrator.Tests.Copy;

using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;

/// <summary>
/// Every identity restarts past the largest migrated id, whatever ids SQLite held: a rowid may be any 64-bit integer,
/// zero and negative ones included, and an identity cannot be set below 1.
/// </summary>
public sealed class IdentityTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_table_whose_ids_are_all_zero_or_negative_loads_and_gives_the_application_1_next()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit("""
            PRAGMA foreign_keys = OFF;
            UPDATE organizations SET id = 1 - id;
            UPDATE users SET organization_id = 1 - organization_id;
            """);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartVerifiedAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        Assert.Equal(0, await TargetDatabase.CountAsync(database, "SELECT max(id) FROM organizations"));
        Assert.Equal(TargetDatabase.SourceCount(source, "users"), await TargetDatabase.CountAsync(database, "SELECT count(*) FROM users"));
        Assert.Equal(1, await TargetDatabase.CountAsync(database, "SELECT nextval(pg_get_serial_sequence('organizations', 'id'))"));
    }
}
