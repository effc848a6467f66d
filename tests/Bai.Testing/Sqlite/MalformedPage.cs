namespace Bai.Testing.Sqlite;

using Microsoft.Data.Sqlite;
using Xunit;

/// <summary>
/// A file damaged so that SQLite refuses to read a table at all: the type byte of the table's root page is overwritten
/// with a value no b-tree page has, and every read of the table fails with SQLITE_CORRUPT ("database disk image is
/// malformed"), as after a bad sector. The file's schema and every other table still read.
/// </summary>
public static class MalformedPage
{
    public static void Damage(string path, string table)
    {
        long rootPage, pageSize;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = '{table}'";
            rootPage = (long)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA page_size";
            pageSize = (long)command.ExecuteScalar()!;
        }

        Assert.True(rootPage > 1, $"{table} has its root on page 1, which also holds the file header");
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            // Byte 0 of a b-tree page is its type: 2, 5, 10 or 13 (https://www.sqlite.org/fileformat2.html#b_tree_pages).
            file.Position = (rootPage - 1) * pageSize;
            file.WriteByte(0x7F);
        }

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM \"{table}\" NOT INDEXED";
            var refused = Assert.Throws<SqliteException>(() => command.ExecuteScalar());
            Assert.Equal(11, refused.SqliteErrorCode); // SQLITE_CORRUPT
        }
    }
}
