namespace Bai.Migrator.Tests.Pipeline;

using System.Security.Cryptography;
using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Step 1, the snapshot. A rollback-journal source is copied byte for byte, so the snapshot's hash is the file's own.
/// A WAL source, whose committed rows may still sit in its <c>-wal</c> file, is copied by SQLite's backup API. A target
/// loaded by a migrator that hashed the backup API's copy of the same source still counts as holding it.
/// </summary>
public sealed class SnapshotTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_rollback_journal_source_is_copied_byte_for_byte()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var (sha256, snapshotPath) = await RecordedSnapshotAsync(database);
        Assert.Equal(source.Sha256, sha256);
        Assert.Equal(await File.ReadAllBytesAsync(source.Path), await File.ReadAllBytesAsync(snapshotPath));
        source.AssertUnchanged();
    }

    [Fact]
    public async Task A_wal_source_lands_with_the_rows_still_in_its_wal_file()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        // The application keeps its connection open, so SQLite does not move the WAL into the file when the write ends.
        using var application = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source.Path, Pooling = false }.ConnectionString);
        application.Open();
        Assert.Equal("wal", Scalar(application, "PRAGMA journal_mode = WAL"));
        Scalar(application, "PRAGMA wal_autocheckpoint = 0");
        Scalar(application, "INSERT INTO item_categories (account_id, name, created_at) SELECT account_id, 'only in the wal', created_at FROM item_categories LIMIT 1");
        Assert.True(new FileInfo(source.Path + "-wal").Length > 0, "the row is not in the WAL");

        var run = await MigrationRun.StartAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        Assert.Equal(1, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM item_categories WHERE name = 'only in the wal'"));
    }

    [Fact]
    public async Task A_target_loaded_by_a_migrator_that_hashed_the_backup_copy_keeps_its_rows()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var first = await MigrationRun.StartAsync(source, database);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Describe());

        // What migrators before the byte-for-byte copy recorded: the hash of SQLite's backup of the source, whose header differs.
        var backupSha256 = BackupApiSha256(source.Path, Path.Combine(source.Folder, "backup-api.db"));
        Assert.NotEqual(source.Sha256, backupSha256);
        await using (var connection = await database.OpenAsync())
        {
            foreach (var table in new[] { "runs", "loads" })
            {
                await using var command = new NpgsqlCommand($"UPDATE bai_migration.{table} SET snapshot_sha256 = $1", connection);
                command.Parameters.AddWithValue(backupSha256);
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }
        }

        var second = await MigrationRun.StartAsync(source, database);

        Assert.True(second.ExitCode == ExitCodes.Success, second.Describe());
        Assert.Equal("already migrated: nothing to do", second.Report.GetProperty("outcome").GetString());
        Assert.Equal(1, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM bai_migration.loads"));
    }

    private static async Task<(string Sha256, string Path)> RecordedSnapshotAsync(ScratchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT snapshot_sha256, snapshot_path FROM bai_migration.runs WHERE status = 'completed'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1));
    }

    /// <summary>The snapshot as earlier migrators made it: the online backup API, into a file without a journal.</summary>
    private static string BackupApiSha256(string source, string destination)
    {
        using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ConnectionString))
        {
            from.Open();
            to.Open();
            Scalar(to, "PRAGMA journal_mode = OFF");
            Scalar(to, "PRAGMA synchronous = OFF");
            from.BackupDatabase(to);
        }

        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(destination)));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
