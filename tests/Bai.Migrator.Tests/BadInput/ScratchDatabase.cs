namespace Bai.Migrator.Tests.BadInput;

using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// A fresh database for one migration run, owned by bai_user like the class fixture's: a run under one policy must
/// never see another run's tables or ledger, so "the target is untouched" means exactly that.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly TestPostgresServer server;

    private ScratchDatabase(TestPostgresServer server, string name)
    {
        this.server = server;
        Name = name;
    }

    public string Name { get; }

    /// <summary>bai_user, as the migrator runs.</summary>
    public string ConnectionString => server.ApplicationConnectionStringFor(Name);

    public string AdminConnectionString => server.AdminConnectionStringFor(Name);

    public static async Task<ScratchDatabase> CreateAsync(TestPostgresServer server)
    {
        var database = new ScratchDatabase(server, $"bai_bad_{Guid.NewGuid():N}"[..24]);
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {database.Name} OWNER {TestPostgres.ApplicationRole} ENCODING 'UTF8' TEMPLATE template0");
        await ExecuteAsync(database.AdminConnectionString, $"REVOKE ALL ON DATABASE {database.Name} FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO {TestPostgres.ApplicationRole}");
        return database;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connectionString in new[] { ConnectionString, AdminConnectionString })
        {
            await using var pooled = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
