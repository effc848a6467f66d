namespace Bai.Testing.Postgres;

using Npgsql;
using Xunit;

/// <summary>
/// A fresh database per test class (<c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>), or per test
/// (<see cref="CreateAsync"/> with <c>await using</c>), owned by bai_user, dropped afterwards. Tests connect as
/// bai_user, the non-superuser the tools run as.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime, IAsyncDisposable
{
    private TestPostgresServer? server;

    public string DatabaseName { get; } = $"bai_test_{Guid.NewGuid():N}"[..25];

    /// <summary>bai_user on this class's database.</summary>
    public string ConnectionString => Server.ApplicationConnectionStringFor(DatabaseName);

    /// <summary>The admin on this class's database, for set-up and checks the tools could not do themselves.</summary>
    public string AdminConnectionString => Server.AdminConnectionStringFor(DatabaseName);

    public TestPostgresServer Server => server ?? throw new InvalidOperationException("The fixture is not initialized yet.");

    /// <summary>A database of the test's own, for a test whose run must not meet another test's (a lock, a limit, a kill).</summary>
    public static async Task<PostgresDatabaseFixture> CreateAsync()
    {
        var database = new PostgresDatabaseFixture();
        await database.InitializeAsync();
        return database;
    }

    // For CreateAsync's await using; xunit v2 disposes class fixtures through IAsyncLifetime only, so never twice.
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task InitializeAsync()
    {
        server = await TestPostgres.GetAsync();
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {DatabaseName} OWNER {TestPostgres.ApplicationRole} ENCODING 'UTF8' TEMPLATE template0");
        // As setup_postgres.sql does for bai_db (a no-op on PostgreSQL 15+, needed on older external servers).
        await ExecuteAsync(AdminConnectionString, $"REVOKE ALL ON DATABASE {DatabaseName} FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO {TestPostgres.ApplicationRole}");
    }

    public async Task DisposeAsync()
    {
        if (server is null)
        {
            return;
        }

        // Only this class's pools: other classes run in parallel on the same server.
        foreach (var connectionString in new[] { ConnectionString, AdminConnectionString })
        {
            await using var pooled = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
    }

    /// <summary>
    /// <c>ALTER DATABASE</c> this database <paramref name="change"/> (a setting for new sessions, as a DBA sets one for
    /// the application); this class's pooled sessions are cleared so that the next connection has it.
    /// </summary>
    public async Task AlterAsync(string change)
    {
        await ExecuteAsync(AdminConnectionString, $"ALTER DATABASE {DatabaseName} {change}");
        await using var pooled = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(pooled);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
