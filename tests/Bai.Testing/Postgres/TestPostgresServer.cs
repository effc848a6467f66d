namespace Bai.Testing.Postgres;

using Bai.Core.Postgres;
using Npgsql;

/// <summary>The PostgreSQL of this test process: the embedded one, or the external one <c>BAI_TEST_POSTGRES</c> names.</summary>
public sealed class TestPostgresServer
{
    private readonly string applicationPassword;

    internal TestPostgresServer(string adminConnectionString, string applicationPassword, EmbeddedPostgres? embedded)
    {
        AdminConnectionString = adminConnectionString;
        this.applicationPassword = applicationPassword;
        Embedded = embedded;
    }

    /// <summary>A superuser (or the external server's admin) on the server's maintenance database.</summary>
    public string AdminConnectionString { get; }

    public bool IsExternal => Embedded is null;

    internal EmbeddedPostgres? Embedded { get; }

    /// <summary>The embedded server's data directory (its owner is the account the server runs as); null for an external server.</summary>
    public string? DataDirectory => Embedded?.DataDirectory;

    public string AdminConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>bai_user on <paramref name="database"/>, with the admin string's host, port and TLS settings.</summary>
    public string ApplicationConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = database,
            Username = TestPostgres.ApplicationRole,
            Password = applicationPassword,
        }.ConnectionString;
}
