using Bai.Core.Values;
using Microsoft.Data.Sqlite;

namespace Bai.Core.Tests.Values;

public sealed class SqliteRowReaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bai-values-{Guid.NewGuid():N}.sqlite");

    [Fact]
    public async Task Reads_every_storage_class_as_stored_whatever_the_column_declares()
    {
        var values = await ReadColumnAsync(
            "NULL", "42", "-9223372036854775808", "0.30000000000000004", "'N/A'", "x'0102'",
            // Bytes that are not UTF-8, stored as TEXT: kept, not turned into U+FFFD.
            "CAST(x'61FF62' AS TEXT)",
            "CAST(x'610062' AS TEXT)",
            "'a' || char(65533) || 'b'",
            "'Łódź 👍'",
            "''",
            "x''");

        Assert.Equal(
        [
            RawValue.Null,
            RawValue.FromInteger(42),
            RawValue.FromInteger(long.MinValue),
            RawValue.FromReal(0.1 + 0.2),
            RawValue.FromText("N/A"),
            RawValue.FromBlob([0x01, 0x02]),
            RawValue.FromTextBytes([0x61, 0xFF, 0x62]),
            RawValue.FromText("a\0b"),
            RawValue.FromText("a\uFFFDb"),
            RawValue.FromText("Łódź 👍"),
            RawValue.FromText(""),
            RawValue.FromBlob([]),
        ], values);
        Assert.True(values[6].IsInvalidUtf8);
        Assert.Equal(SqliteStorageClass.Text, values[6].StorageClass);
    }

    [Fact]
    public async Task Numeric_affinity_turns_numeric_looking_text_into_numbers_before_we_see_it()
    {
        // Why the strict text grammars cost nothing on real files: SQLite already converted these on insert.
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE t (n INTEGER, m NUMERIC(12, 2), b BOOLEAN); INSERT INTO t VALUES (' 12', '12.50', '1')");
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT n, m, b FROM t";
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        Assert.True(await reader.ReadAsync(CancellationToken.None));
        var row = new RawValue[3];
        SqliteRowReader.ReadRow(reader, row);

        Assert.Equal([RawValue.FromInteger(12), RawValue.FromReal(12.5), RawValue.FromInteger(1)], row);
    }

    [Fact]
    public async Task Reads_a_row_from_any_first_column_as_column_by_column_reads_do()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1, NULL, -7, 2.5, 'é日👍', x'00FF', CAST(x'C3' AS TEXT)";
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        Assert.True(await reader.ReadAsync(CancellationToken.None));
        var row = new RawValue[6];

        SqliteRowReader.ReadRow(reader, row, firstOrdinal: 1);

        Assert.Equal([RawValue.Null, RawValue.FromInteger(-7), RawValue.FromReal(2.5), RawValue.FromText("é日👍"), RawValue.FromBlob([0x00, 0xFF]), RawValue.FromTextBytes([0xC3])], row);
        Assert.Equal(row, Enumerable.Range(1, 6).Select(i => SqliteRowReader.Read(reader, i)));
    }

    [Fact]
    public void Our_native_calls_reach_the_SQLite_library_SQLitePCLRaw_loaded()
    {
        SQLitePCL.Batteries_V2.Init();

        Assert.Equal(SQLitePCL.raw.sqlite3_libversion_number(), Bai.Core.Sqlite.SqliteNative.sqlite3_libversion_number());
    }

    [Fact]
    public async Task A_new_database_is_utf8()
    {
        await using var connection = await OpenAsync();

        Assert.True(await SqliteRowReader.IsUtf8DatabaseAsync(connection, CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private async Task<RawValue[]> ReadColumnAsync(params string[] literals)
    {
        await using var connection = await OpenAsync();
        // No declared type, so no affinity: every value keeps the storage class it was given.
        await ExecuteAsync(connection, "CREATE TABLE t (v)");
        foreach (var literal in literals)
        {
            await ExecuteAsync(connection, $"INSERT INTO t VALUES ({literal})");
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT v FROM t ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        var values = new List<RawValue>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            values.Add(SqliteRowReader.Read(reader, 0));
        }

        return [.. values];
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync(CancellationToken.None);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
