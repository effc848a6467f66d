namespace Bai.Core.Tests.Sqlite;

using Bai.Core.Sqlite;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;

/// <summary>
/// What counts as a damaged file: SQLite's findings about the b-trees, not its findings about values, which are row
/// damage the data rules sort (a NULL in a NOT NULL column, TEXT that a numeric affinity would have stored as a number).
/// </summary>
public sealed class SqliteIntegrityTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-integrity-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Values_the_declared_schema_would_refuse_are_not_damage()
    {
        var path = Path.Combine(folder, "values.db");
        // Written under a schema with no constraints, then declared as the application's (as a relaxed writer leaves it).
        Execute(path, """
            CREATE TABLE t (id INTEGER PRIMARY KEY, n, total);
            INSERT INTO t VALUES (1, NULL, '12');
            PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET sql = 'CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, total NUMERIC)' WHERE name = 't';
            PRAGMA writable_schema = OFF;
            """);
        using var connection = Open(path);

        Assert.Equal(["NULL value in t.n", "TEXT value in t.total"], RawQuickCheck(connection));
        Assert.Empty(SqliteIntegrity.QuickCheck(connection));
    }

    [Fact]
    public void A_table_that_lost_a_child_page_is_damage()
    {
        var path = Path.Combine(folder, "lost.db");
        Execute(path, """
            CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT i, printf('row %d of a table spread over many pages', i) FROM n;
            """);
        LostChildPage.Damage(path, "t");
        using var connection = Open(path);

        var findings = SqliteIntegrity.QuickCheck(connection);

        Assert.Contains(findings, f => f.Contains("never used", StringComparison.Ordinal));
        Assert.StartsWith($"The SQLite source '{path}' is damaged: SQLite's quick_check found ", SqliteIntegrity.DamagedMessage(path, findings, "nothing was loaded"), StringComparison.Ordinal);
    }

    private static List<string> RawQuickCheck(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
