namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>
/// The target database must store text as UTF-8. SQLite's text is UTF-8, and another server encoding cannot hold all
/// of it: LATIN1 and the like refuse a character they lack in the middle of the copy, and SQL_ASCII checks nothing and
/// counts a varchar's length in bytes, so a name of 50 characters with one accent no longer fits varchar(50).
/// </summary>
public static class DatabaseEncoding
{
    public const string Utf8 = "UTF8";

    /// <exception cref="BaiEnvironmentException">The database stores text in another encoding.</exception>
    public static void EnsureUtf8(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The server reports its encoding when the connection starts: no query needed.
        if (connection.PostgresParameters.TryGetValue("server_encoding", out var encoding) && !string.Equals(encoding, Utf8, StringComparison.OrdinalIgnoreCase))
        {
            throw new BaiEnvironmentException(
                $"Database '{connection.Database}' on PostgreSQL at {connection.Host}:{connection.Port} stores text as {encoding}, which cannot hold every character of SQLite's UTF-8 text; nothing was written. Create the database with ENCODING 'UTF8' (setup_postgres.sql does) and point ConnectionStrings:bai-db at it.");
        }
    }
}
