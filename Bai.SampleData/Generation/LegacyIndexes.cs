using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Generation;

/// <summary>
/// The legacy script's indexes, built once after the rows are in (a sorted bulk build) instead of updated on
/// every insert. They are dropped right after the script created them and recreated from the very text SQLite
/// recorded, so <c>sqlite_master</c> ends up holding the same statements in the same order.
/// </summary>
internal static class LegacyIndexes
{
    public static async Task<IReadOnlyList<(string Name, string Sql)>> DropAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Sql)>();
        await using (var query = connection.CreateCommand())
        {
            query.Transaction = transaction;
            // Automatic indexes (sql IS NULL, e.g. the key of alembic_version) belong to their table.
            query.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid";
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await SampleDatabase.ExecuteAsync(connection, $"DROP INDEX {name}", cancellationToken, transaction);
        }

        return indexes;
    }

    public static async Task CreateAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<(string Name, string Sql)> indexes, CancellationToken cancellationToken)
    {
        foreach (var (_, sql) in indexes)
        {
            await SampleDatabase.ExecuteAsync(connection, sql, cancellationToken, transaction);
        }
    }
}
