namespace Bai.Testing;

using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Core.Values;
using Npgsql;
using Xunit;

/// <summary>
/// Every row of a table on both sides in canonical form (keyed by id), to compare whole tables value by value.
/// The source side applies data-rules.md through the converter (itself tested rule by rule in Bai.Core.Tests).
/// </summary>
public static class TableContents
{
    public static Dictionary<string, string?[]> FromSqlite(string path, TableSpec table)
    {
        using var connection = SqliteFile.OpenReadOnly(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\"";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string?[]>();
        while (reader.Read())
        {
            var values = new string?[table.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var result = ValueConverter.Convert(SqliteRowReader.Read(reader, i), table.Columns[i]);
                Assert.True(result.IsSuccess, $"{table.Name}.{table.Columns[i].Name}: {result.Rejection?.Message}");
                values[i] = CanonicalValue.Format(result.Value, table.Columns[i]);
            }

            rows.Add(values[0]!, values);
        }

        return rows;
    }

    public static async Task<Dictionary<string, string?[]>> FromPostgresAsync(string connectionString, TableSpec table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {string.Join(", ", table.Columns.Select(c => c.Name))} FROM {table.Name}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string?[]>();
        while (await reader.ReadAsync())
        {
            var values = new string?[table.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = CanonicalValue.Format(PostgresValueReader.Read(reader, i, table.Columns[i]), table.Columns[i]);
            }

            rows.Add(values[0]!, values);
        }

        return rows;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
