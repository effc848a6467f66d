namespace Bai.Reliability.Tests.Support;

using Bai.Testing;
using System.Globalization;
using Bai.Core.Schema;
using Npgsql;

/// <summary>Assertions on what a PostgreSQL target holds after a run.</summary>
public static class Target
{
    /// <summary>Every table of the target equals the same table of <paramref name="sqlitePath"/>, row by row and value by value.</summary>
    public static async Task AssertHoldsExactlyAsync(string connectionString, string sqlitePath)
    {
        foreach (var table in BaiSchema.AllTables)
        {
            var expected = TableContents.FromSqlite(sqlitePath, table);
            var actual = await TableContents.FromPostgresAsync(connectionString, table);
            Assert.Equal(expected.Count, actual.Count);
            foreach (var (id, row) in expected)
            {
                Assert.True(actual.TryGetValue(id, out var migrated), $"{table.Name} {id} is missing");
                Assert.Equal(row, migrated);
            }
        }
    }

    public static Task<long> ScalarAsync(string connectionString, string sql) => TableContents.ScalarAsync(connectionString, sql);

    public static async Task<string?> TextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
