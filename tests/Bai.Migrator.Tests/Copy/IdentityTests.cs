namespace Bai.Migrator.Tests.Copy;

using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Bai.Testing.Sqlite;

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

    /// <summary>
    /// A table SQLAlchemy declared AUTOINCREMENT never hands out an id twice, a deleted row's included: SQLite keeps the
    /// largest it gave in sqlite_sequence. The identity restarted past the largest id left, so the application's next
    /// payments got the ids of deleted ones again; it continues after the largest SQLite handed out.
    /// </summary>
    [Fact]
    public async Task An_autoincrement_table_continues_after_the_largest_id_sqlite_handed_out()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        long handedOut = 0;
        source.Edit(connection =>
        {
            Autoincrement.Rebuild(connection, "payments");
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM payments WHERE id > (SELECT max(id) - 2 FROM payments)";
            Assert.Equal(2, command.ExecuteNonQuery());
            command.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'payments'";
            handedOut = (long)command.ExecuteScalar()!;
        });
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        // Without the verifier: its CRUD check's inserts, rolled back, take ids from the identity all the same.
        var run = await MigrationRun.StartAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        Assert.True(await TargetDatabase.CountAsync(database, "SELECT max(id) FROM payments") < handedOut);
        Assert.Equal(handedOut + 1, await TargetDatabase.CountAsync(database, "SELECT nextval(pg_get_serial_sequence('payments', 'id'))"));
    }

    /// <summary>
    /// A quarantined row keeps its id: the team fixes it and inserts it again, with its id, as the rows pointing at it
    /// expect. The identity restarted past the largest migrated id only, so a quarantined payment with the largest id
    /// had its id handed to the application's next payment; it continues after the quarantined one.
    /// </summary>
    [Fact]
    public async Task The_identity_continues_after_the_largest_id_of_a_quarantined_row()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        long quarantinedId = 0;
        source.Edit(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT max(id) FROM payments";
            quarantinedId = (long)command.ExecuteScalar()!;
            command.CommandText = $"UPDATE payments SET amount = 'N/A' WHERE id = {quarantinedId}";
            Assert.Equal(1, command.ExecuteNonQuery());
        });
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        // Without the verifier: its CRUD check's inserts, rolled back, take ids from the identity all the same.
        var run = await MigrationRun.StartAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        Assert.Equal(quarantinedId, Assert.Single(run.ReportedProblems()).RowId);
        Assert.True(await TargetDatabase.CountAsync(database, "SELECT max(id) FROM payments") < quarantinedId);
        Assert.Equal(quarantinedId + 1, await TargetDatabase.CountAsync(database, "SELECT nextval(pg_get_serial_sequence('payments', 'id'))"));
    }
}
