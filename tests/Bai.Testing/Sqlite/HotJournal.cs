namespace Bai.Testing.Sqlite;

using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

/// <summary>
/// What an application that stopped in the middle of a write leaves: a database file with pages of the unfinished
/// transaction already in it, and the hot journal holding their committed content, with no process left to roll back.
/// </summary>
public static class HotJournal
{
    /// <summary>Copies <paramref name="source"/> and its journal to <paramref name="path"/> while a writer is in the middle of a
    /// transaction that spilled pages into the file (a small cache forces that), as a crash at that moment would leave them.</summary>
    public static string LeaveUnfinishedWrite(string source, string path)
    {
        using (var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Pooling = false }.ConnectionString))
        {
            writer.Open();
            Execute(writer, "PRAGMA cache_size = 10");
            Execute(writer, "BEGIN");
            Execute(writer, """
                CREATE TABLE filler (x BLOB);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT randomblob(1000) FROM n;
                UPDATE item_categories SET name = name || ' (unfinished)';
                """);
            File.Copy(source, path);
            File.Copy(source + "-journal", path + "-journal");
            Execute(writer, "ROLLBACK");
        }

        // The copy is what the test needs only if SQLite itself sees a write to roll back there.
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        reader.Open();
        var error = Assert.Throws<SqliteException>(() => Execute(reader, "SELECT count(*) FROM sqlite_schema"));
        Assert.True(SqliteFile.HasHotJournal(error), error.Message);
        return path;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
