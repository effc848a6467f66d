using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bai.AppHost.Tests;

/// <summary>Row counts per table, read the same way on both sides so they compare as whole dictionaries.</summary>
internal static class RowCounts
{
    /// <summary>Every table of the SQLite file except SQLite's own, opened read-only.</summary>
    public static async Task<SortedDictionary<string, long>> ReadSqliteAsync(
        string connectionString, CancellationToken cancellationToken)
    {
        var readOnly = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        await using var connection = new SqliteConnection(readOnly.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {Quote(table)}";
            counts[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    /// <summary>The same tables in bai_db's public schema, where the migrator keeps the legacy names.</summary>
    public static async Task<SortedDictionary<string, long>> ReadPostgresAsync(
        string connectionString, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = dataSource.CreateCommand($"SELECT count(*) FROM public.{Quote(table)}");
            counts[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    // Both dialects quote identifiers with double quotes and escape them by doubling.
    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
