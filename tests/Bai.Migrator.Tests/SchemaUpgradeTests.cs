namespace Bai.Migrator.Tests;

using Bai.Core;
using Bai.Core.Data;
using Bai.Core.Schema;
using Bai.Migrator.Tests.BadInput;
using Bai.SampleData;
using Bai.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

/// <summary>
/// A rehearsal database loaded by an earlier migrator, whose schema lacks this one's newest migration: running this
/// migrator on the same source keeps the rows and brings the schema up to date, as EF does for any database.
/// </summary>
public sealed class SchemaUpgradeTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_target_loaded_under_an_older_schema_gets_the_newer_migrations_and_keeps_its_rows()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var first = await MigrationRun.StartAsync(source, database);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Describe());
        var rowsBefore = await RowsAsync(database);

        // The database as the migrator before the newest migration left it.
        var newest = await RevertNewestMigrationAsync(database);
        Assert.DoesNotContain(newest, await AppliedMigrationsAsync(database));

        var second = await MigrationRun.StartVerifiedAsync(source, database);

        Assert.True(second.ExitCode == ExitCodes.Success, second.Describe());
        Assert.Equal($"already migrated: the schema brought up to date ({newest})", second.Report.GetProperty("outcome").GetString());
        Assert.Contains(newest, await AppliedMigrationsAsync(database));
        Assert.Equal(rowsBefore, await RowsAsync(database));
        source.AssertUnchanged();

        // Once current, a run changes nothing.
        var third = await MigrationRun.StartAsync(source, database);
        Assert.Equal("already migrated: nothing to do", third.Report.GetProperty("outcome").GetString());
    }

    /// <summary>Runs the newest migration's Down script, as <c>dotnet ef database update &lt;previous&gt;</c> would.</summary>
    private static async Task<string> RevertNewestMigrationAsync(ScratchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var db = BaiDbContextOptions.Create(connection);
        var migrations = db.Database.GetMigrations().ToList();
        Assert.True(migrations.Count >= 2, "there is no earlier migration to go back to");
        var script = db.GetService<IMigrator>().GenerateScript(migrations[^1], migrations[^2]);
        await using var command = new NpgsqlCommand(script, connection);
        await command.ExecuteNonQueryAsync();
        return migrations[^1];
    }

    private static async Task<List<string>> AppliedMigrationsAsync(ScratchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var db = BaiDbContextOptions.Create(connection);
        return [.. await db.Database.GetAppliedMigrationsAsync()];
    }

    private static async Task<Dictionary<string, IReadOnlyList<string>>> RowsAsync(ScratchDatabase database)
    {
        var rows = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var table in BaiSchema.AllTables)
        {
            rows[table.Name] = await TargetDatabase.TargetRowsAsync(database, table);
        }

        return rows;
    }
}
