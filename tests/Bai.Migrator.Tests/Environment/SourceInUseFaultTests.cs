namespace Bai.Migrator.Tests.Environment;

using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;
using static Bai.Migrator.Tests.Environment.EnvironmentFault;

/// <summary>
/// Faults of a SQLite source its application is writing, or was writing when it stopped: a writer that holds it past
/// --source-lock-wait, a hot journal, and a WAL file whose index this user cannot create. Each is
/// <see cref="EnvironmentFault"/>'s one sentence, and the file and what lies beside it are left as they were.
/// </summary>
public sealed class SourceInUseFaultTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-environment-").FullName;

    [Fact]
    public async Task A_file_locked_by_a_writer_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        // A writer in the middle of a transaction: on a rollback-journal file, EXCLUSIVE keeps every reader out.
        using (var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source.Path, Pooling = false }.ConnectionString))
        {
            writer.Open();
            using (var begin = writer.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            // A short wait: the default 15 s is for users, the test only needs the sentence.
            var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", source.Path, "--no-verify", "--source-lock-wait", "1");

            using (var rollback = writer.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK";
                rollback.ExecuteNonQuery();
            }

            AssertEnvironmentFault(run, source.Path, "locked");
            Assert.Contains("within 1 s", run.Sentence, StringComparison.Ordinal);
            Assert.Contains("--source-lock-wait", run.Sentence, StringComparison.Ordinal);
        }

        source.AssertUnchanged();
    }

    [Fact]
    public async Task A_source_with_an_unfinished_write_is_named_and_left_as_it_is()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var path = HotJournal.LeaveUnfinishedWrite(source.Path, Path.Combine(folder, "interrupted.db"));
        var hashes = (Hash(path), Hash(path + "-journal"));

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path + "-journal", "unfinished write");
        Assert.Equal(hashes, (Hash(path), Hash(path + "-journal")));
    }

    /// <summary>
    /// A WAL-mode source left with its '-wal' (the application was killed) in a folder the migrator may not write:
    /// SQLite cannot create the file's shared-memory index, so it cannot read it. Named with what to do, files untouched.
    /// </summary>
    [Fact]
    public async Task A_wal_source_in_a_folder_this_user_cannot_write_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        MigratorProcess run;
        string path;
        (string, string) hashes;
        using (var wal = WalLeftBehind.InReadOnlyFolder(source.Path, Path.Combine(folder, "read-only")))
        {
            path = wal.Path;
            hashes = (Hash(path), Hash(path + "-wal"));
            run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");
        }

        AssertEnvironmentFault(run, path + "-shm", "WAL mode");
        Assert.Contains("write access to the folder", run.Sentence, StringComparison.Ordinal);
        Assert.Equal(hashes, (Hash(path), Hash(path + "-wal")));
        Assert.False(File.Exists(path + "-shm"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
