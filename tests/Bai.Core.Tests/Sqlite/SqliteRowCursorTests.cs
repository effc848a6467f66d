using System.Security.Cryptography;
using Bai.Core.Sqlite;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;

namespace Bai.Core.Tests.Sqlite;

/// <summary>The copy's cursor (<see cref="SqliteRowCursor"/>) on real files: the same values as the reader through
/// Microsoft.Data.Sqlite, SQLite's errors as <see cref="SqliteException"/>s, and the file never written.</summary>
public sealed class SqliteRowCursorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-cursor-").FullName;

    [Fact]
    public void Reads_every_row_and_value_as_the_data_reader_does()
    {
        var path = Create(
            "NULL", "42", "-9223372036854775808", "0.30000000000000004", "'N/A'", "x'0102'", "CAST(x'61FF62' AS TEXT)",
            "CAST(x'610062' AS TEXT)", "'Łódź 👍'", "''", "x''", $"'{new string('é', 5000)}'");
        var before = SHA256.HashData(File.ReadAllBytes(path));
        const string Query = "SELECT rowid, v, v || '' FROM t ORDER BY rowid";

        var expected = new List<(long, RawValue, RawValue)>();
        using (var connection = SqliteFile.OpenReadOnly(path))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Query;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new RawValue[2];
                SqliteRowReader.ReadRow(reader, row, firstOrdinal: 1);
                expected.Add((reader.GetInt64(0), row[0], row[1]));
            }
        }

        var actual = new List<(long, RawValue, RawValue)>();
        using (var cursor = SqliteRowCursor.Open(path, Query))
        {
            while (cursor.Read())
            {
                var row = new RawValue[2];
                cursor.ReadRow(row, firstOrdinal: 1);
                actual.Add((cursor.GetInt64(0), row[0], row[1]));
            }

            Assert.False(cursor.Read());
        }

        Assert.Equal(12, expected.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(RawValue.FromTextBytes([0x61, 0xFF, 0x62]), actual[6].Item2);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void What_SQLite_refuses_is_its_own_error()
    {
        var database = Create("1");
        var notADatabase = Path.Combine(folder, "not-a-database.db");
        File.WriteAllBytes(notADatabase, [.. Enumerable.Repeat((byte)'x', 4096)]);
        var missing = Path.Combine(folder, "missing.db");

        var noTable = Assert.Throws<SqliteException>(() => SqliteRowCursor.Open(database, "SELECT * FROM nowhere"));
        var notDb = Assert.Throws<SqliteException>(() => SqliteRowCursor.Open(notADatabase, "SELECT * FROM t"));
        var cannotOpen = Assert.Throws<SqliteException>(() => SqliteRowCursor.Open(missing, "SELECT 1"));

        Assert.Contains("no such table: nowhere", noTable.Message, StringComparison.Ordinal);
        Assert.Equal(26, notDb.SqliteErrorCode); // SQLITE_NOTADB
        Assert.Equal(14, cannotOpen.SqliteErrorCode); // SQLITE_CANTOPEN
        Assert.False(File.Exists(missing));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A table <c>t (v)</c> without a declared type (so every value keeps its storage class), one row per literal.</summary>
    private string Create(params string[] literals)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (v);" + string.Concat(literals.Select(l => $"INSERT INTO t VALUES ({l});"));
        command.ExecuteNonQuery();
        return path;
    }
}
