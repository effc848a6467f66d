namespace Bai.Testing.Disks;

using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// A tablespace of the embedded test server on a <see cref="SmallDisk"/>, where bai_user may create tables: a
/// database whose <c>default_tablespace</c> it is fills its disk as a server's full disk does (53100, ENOSPC).
/// </summary>
public sealed class SmallTablespace : IAsyncDisposable
{
    private readonly TestPostgresServer server;
    private readonly SmallDisk disk;

    private SmallTablespace(TestPostgresServer server, SmallDisk disk, string name) => (this.server, this.disk, Name) = (server, disk, name);

    public string Name { get; }

    /// <summary>The bytes written on its disk now.</summary>
    public long UsedBytes => Directory.EnumerateFiles(disk.Path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public static async Task<SmallTablespace> CreateAsync(TestPostgresServer server, int kilobytes)
    {
        var dataDirectory = server.DataDirectory
            ?? throw new InvalidOperationException("A tablespace on a small disk needs the embedded test server (the external one's disk is not this machine's).");
        var disk = SmallDisk.Mount(kilobytes, owner: dataDirectory);
        var tablespace = new SmallTablespace(server, disk, $"bai_small_{Guid.NewGuid():N}"[..20]);
        await ExecuteAsync(server.AdminConnectionString, $"CREATE TABLESPACE {tablespace.Name} LOCATION '{disk.Path}'");
        await ExecuteAsync(server.AdminConnectionString, $"GRANT CREATE ON TABLESPACE {tablespace.Name} TO {TestPostgres.ApplicationRole}");
        return tablespace;
    }

    /// <summary>Drops the tablespace (drop what was created in it first) and unmounts its disk.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync(server.AdminConnectionString, $"DROP TABLESPACE IF EXISTS {Name}");
        }
        finally
        {
            disk.Dispose();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
