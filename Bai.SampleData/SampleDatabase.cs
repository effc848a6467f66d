using Microsoft.Data.Sqlite;

namespace Bai.SampleData;

/// <summary>Connections to a file being generated.</summary>
internal static class SampleDatabase
{
    /// <summary>
    /// Opens <paramref name="path"/> without pooling: the generator reopens the file between phases (a fresh
    /// connection rereads the schema) and must leave it closed and unlocked when it returns.
    /// </summary>
    public static async Task<SqliteConnection> OpenAsync(string path, bool fast, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (fast)
            {
                // Nobody else reads the file while it is generated and a crash means generating again, so
                // neither a journal nor fsyncs buy anything. SampleGenerator switches back to DELETE at the end.
                await ExecuteAsync(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;", cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
