namespace Bai.Testing.Sqlite;

using Microsoft.Data.Sqlite;
using Xunit;

/// <summary>
/// A file damaged the way a torn write or a bad sector damages one and SQLite still reads without an error: the root
/// page of a table's b-tree loses its last pointer to a child page, so every row of that child silently disappears
/// from the table, while <c>PRAGMA quick_check</c> reports the page as never used.
/// </summary>
public static class LostChildPage
{
    /// <summary>Damages <paramref name="table"/> of the file at <paramref name="path"/>; returns how many rows it lost.</summary>
    public static long Damage(string path, string table)
    {
        long before, rootPage, pageSize;
        using (var connection = Open(path))
        {
            before = Scalar(connection, $"SELECT count(*) FROM \"{table}\" NOT INDEXED");
            rootPage = Scalar(connection, $"SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = '{table}'");
            pageSize = Scalar(connection, "PRAGMA page_size");
        }

        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            // The b-tree page header: byte 0 is the page type (5, an interior table page), bytes 3-4 the cell count
            // (https://www.sqlite.org/fileformat2.html#b_tree_pages). Page 1 starts after the 100-byte file header.
            var header = (rootPage - 1) * pageSize + (rootPage == 1 ? 100 : 0);
            var bytes = new byte[5];
            file.Position = header;
            file.ReadExactly(bytes);
            Assert.True(bytes[0] == 5, $"{table}'s root page is not an interior page: the table needs more rows for this damage");
            var cells = (bytes[3] << 8) | bytes[4];
            Assert.True(cells >= 1, $"{table}'s root page has no cell to lose");
            cells--;
            file.Position = header + 3;
            file.Write([(byte)(cells >> 8), (byte)cells]);
        }

        using (var connection = Open(path))
        {
            var lost = before - Scalar(connection, $"SELECT count(*) FROM \"{table}\" NOT INDEXED");
            Assert.True(lost > 0, $"{table} lost no rows");
            return lost;
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
