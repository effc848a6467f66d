namespace Bai.Core.Tests.Sqlite;

using Bai.Core.Sqlite;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;

public sealed class SqliteFileTests
{
    /// <summary>ConnectionStrings:bai-sqlite as the AppHost writes it, or as a user writes it: the path alone.</summary>
    [Theory]
    [InlineData("Data Source=/data/bai.db", "/data/bai.db")]
    [InlineData("Data Source=/data/bai.db;Mode=ReadOnly", "/data/bai.db")]
    [InlineData("/data/bai.db", "/data/bai.db")]
    [InlineData(" /data/my files/bai.db ", "/data/my files/bai.db")]
    public void The_source_setting_takes_a_connection_string_or_a_path(string setting, string path) =>
        Assert.Equal(path, SqliteFile.PathFromConnectionString(setting));

    /// <summary>
    /// The application's SQLAlchemy URL pasted as the source read as a relative path ("'&lt;cwd&gt;/sqlite:/srv/bai/bai.db'
    /// does not exist"). SQLAlchemy's rules: after sqlite:/// the rest is the path (four slashes: absolute), and a
    /// ?query is the driver's.
    /// </summary>
    [Theory]
    [InlineData("sqlite:////srv/bai/bai.db", "/srv/bai/bai.db")]
    [InlineData("sqlite:///bai.db", "bai.db")]
    [InlineData("sqlite:///data/bai.db", "data/bai.db")]
    [InlineData("sqlite:////srv/bai/bai.db?mode=ro&uri=true", "/srv/bai/bai.db")]
    [InlineData(" sqlite+pysqlite:////srv/bai/bai.db ", "/srv/bai/bai.db")]
    [InlineData("SQLite:///bai.db", "bai.db")]
    // SQLAlchemy decodes the user name and password of a URL, never its database part: the file is the one named so.
    [InlineData("sqlite:////srv/bai%20files/bai.db", "/srv/bai%20files/bai.db")]
    public void The_source_setting_takes_the_applications_sqlalchemy_url(string setting, string path) =>
        Assert.Equal(path, SqliteFile.PathFromConnectionString(setting));

    [Theory]
    [InlineData("sqlite://", "ConnectionStrings:bai-sqlite is the SQLAlchemy URL 'sqlite://', an in-memory database that holds nothing to migrate; give the application's database file instead (sqlite:////ABSOLUTE/PATH, or the path alone).")]
    [InlineData("sqlite:///:memory:", "ConnectionStrings:bai-sqlite is the SQLAlchemy URL 'sqlite:///:memory:', an in-memory database that holds nothing to migrate; give the application's database file instead (sqlite:////ABSOLUTE/PATH, or the path alone).")]
    [InlineData("sqlite:///?mode=ro", "ConnectionStrings:bai-sqlite is the SQLAlchemy URL 'sqlite:///?mode=ro', an in-memory database that holds nothing to migrate; give the application's database file instead (sqlite:////ABSOLUTE/PATH, or the path alone).")]
    [InlineData("sqlite://db-host/bai.db", "ConnectionStrings:bai-sqlite is the SQLAlchemy URL 'sqlite://db-host/bai.db', which names a host, and a SQLite database is a file; write it as sqlite:////ABSOLUTE/PATH (four slashes) or sqlite:///RELATIVE/PATH, or give the path alone.")]
    public void A_sqlalchemy_url_that_names_no_file_is_refused_in_one_sentence(string setting, string message)
    {
        var e = Assert.Throws<BaiEnvironmentException>(() => SqliteFile.PathFromConnectionString(setting));

        Assert.Equal(message, e.Message);
    }

    /// <summary>
    /// A path with '=' in it (a folder named 'run=1' or 'date=2026-11-27', as partitioned exports name them) read as a
    /// connection string, whose unknown keyword was refused as "neither 'Data Source=PATH' nor a file path".
    /// </summary>
    [Fact]
    public void A_path_with_an_equals_sign_that_names_a_file_is_a_path()
    {
        var folder = Directory.CreateTempSubdirectory("bai-").FullName;
        var path = Path.Combine(folder, "run=1", "bai.db");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)";
                command.ExecuteNonQuery();
            }

            Assert.Equal(path, SqliteFile.PathFromConnectionString(path));
            Assert.Equal(path, SqliteFile.PathFromConnectionString($"Data Source={path}"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_source_setting_that_is_neither_is_named()
    {
        var e = Assert.Throws<BaiEnvironmentException>(() => SqliteFile.PathFromConnectionString("Data Sorce=/data/bai.db"));

        Assert.StartsWith("ConnectionStrings:bai-sqlite is neither 'Data Source=PATH' nor a file path (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf16_database_is_refused_before_its_text_could_be_misread()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bai-utf16-{Guid.NewGuid():N}.db");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('é');";
                command.ExecuteNonQuery();
            }

            var error = Assert.Throws<BaiEnvironmentException>(() => SqliteFile.OpenForRows(path).Dispose());
            Assert.Equal(
                $"The SQLite database '{path}' stores text as UTF-16, not UTF-8; convert a copy of it first (sqlite3 old.db .dump | sqlite3 new.db) " +
                "once no text in it holds a NUL character: .dump cuts a text at its first NUL without a word, where the migrator would reject the row.",
                error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>What the verifier meets given such a file with --sqlite: the same sentence as the migrator's snapshot.</summary>
    [Fact]
    public async Task A_wal_file_whose_index_cannot_be_created_is_named_with_what_to_do()
    {
        var folder = Directory.CreateTempSubdirectory("bai-wal-").FullName;
        try
        {
            var source = Path.Combine(folder, "source.db");
            await Bai.SampleData.SampleGenerator.GenerateAsync(source, new Bai.SampleData.SampleOptions { Accounts = 1, InvoicesPerAccount = 5 }, CancellationToken.None);
            using var wal = WalLeftBehind.InReadOnlyFolder(source, Path.Combine(folder, "read-only"));

            var e = Assert.Throws<BaiEnvironmentException>(() => SqliteFile.OpenForRows(wal.Path).Dispose());

            Assert.Contains($"'{wal.Path}' is in WAL mode", e.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(wal.Path + "-shm"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_utf8_database_opens()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bai-utf8-{Guid.NewGuid():N}.db");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE t (x TEXT);";
                command.ExecuteNonQuery();
            }

            using var opened = SqliteFile.OpenForRows(path);
            Assert.Equal(System.Data.ConnectionState.Open, opened.State);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// A first read that SQLite answers "hot journal" is asked again: the answer of a live writer's passing moment goes
    /// away (here, the application rolls its write back between two asks), a real hot journal's holds every time.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_hot_journal_is_believed_only_when_it_holds_on_every_ask(bool rolledBackBetweenAsks)
    {
        var folder = Directory.CreateTempSubdirectory("bai-hot-").FullName;
        try
        {
            var source = Path.Combine(folder, "bai.db");
            await Bai.SampleData.SampleGenerator.GenerateAsync(source, new Bai.SampleData.SampleOptions { Accounts = 1, InvoicesPerAccount = 5 }, CancellationToken.None);
            var path = HotJournal.LeaveUnfinishedWrite(source, Path.Combine(folder, "interrupted.db"));
            var asks = 0;
            long Read()
            {
                if (++asks == 2 && rolledBackBetweenAsks)
                {
                    RollBack(path);
                }

                using var connection = SqliteFile.OpenReadOnly(path);
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM item_categories";
                return (long)command.ExecuteScalar()!;
            }

            if (rolledBackBetweenAsks)
            {
                Assert.True(SqliteFile.AskingAgainOnHotJournal(Read) > 0);
                Assert.Equal(2, asks);
            }
            else
            {
                var error = Assert.Throws<SqliteException>(() => SqliteFile.AskingAgainOnHotJournal(Read));
                Assert.True(SqliteFile.HasHotJournal(error), error.Message);
                Assert.Equal(5, asks);
                Assert.True(File.Exists(path + "-journal"), "the tools never roll a journal back themselves");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A database restored from a backup beside the previous file's journal looks hot to SQLite, and the advice to open
    /// it read-write would roll the old file's pages into it. The sentence names both last-write times and says to move
    /// a journal clearly older than the file away instead.
    /// </summary>
    [Fact]
    public async Task A_hot_journal_older_than_the_file_is_named_with_both_times_and_the_advice_to_move_it_away()
    {
        var folder = Directory.CreateTempSubdirectory("bai-hot-").FullName;
        try
        {
            var source = Path.Combine(folder, "bai.db");
            await Bai.SampleData.SampleGenerator.GenerateAsync(source, new Bai.SampleData.SampleOptions { Accounts = 1, InvoicesPerAccount = 5 }, CancellationToken.None);
            var path = HotJournal.LeaveUnfinishedWrite(source, Path.Combine(folder, "restored.db"));
            File.SetLastWriteTimeUtc(path + "-journal", new DateTime(2026, 3, 1, 8, 15, 0, DateTimeKind.Utc));
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 3, 4, 17, 40, 12, DateTimeKind.Utc));
            var full = SqliteFile.SidecarPath(path, "");

            var e = Assert.Throws<BaiEnvironmentException>(() => SqliteFile.OpenForRows(path));

            Assert.Equal(
                $"The SQLite source '{full}' has an unfinished write ('{full}-journal' is the hot journal of a transaction its application never completed), which a read-only reader cannot roll back; " +
                $"open the file once read-write (the application, or sqlite3 '{full}' 'PRAGMA quick_check') so SQLite rolls it back, then retry; " +
                "the journal was last written 2026-03-01 08:15:00 UTC and the file 2026-03-04 17:40:12 UTC: a crash leaves them moments apart, so if the journal is clearly older than the file's last write (a file restored from a backup beside an old journal), move the journal away instead of opening the file read-write, which would roll another file's pages into this one.",
                e.Message);
            Assert.True(File.Exists(path + "-journal"), "the tools never move or roll back a journal themselves");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void RollBack(string path)
    {
        // What the application does when it comes back: any read-write open rolls an unfinished write back.
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        command.ExecuteScalar();
    }
}
