namespace Bai.Testing.Postgres;

using System.Security.Cryptography;
using System.Text;
using Bai.Core.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

/// <summary>
/// One PostgreSQL per test process. By default an embedded cluster in a fresh temporary state folder, stopped
/// and deleted when the process exits (by <see cref="TestClusterWatchdog"/>: the test host is killed ~100 ms
/// after the run, too soon for an exit handler); with <c>BAI_TEST_POSTGRES</c> set to an admin connection string, that
/// external server instead (bai_user is created there if missing).
/// </summary>
public static class TestPostgres
{
    /// <summary>An admin (superuser, or CREATEDB + CREATEROLE) connection string to an external server for the tests.</summary>
    public const string ExternalServerVariable = "BAI_TEST_POSTGRES";

    public const string ApplicationRole = "bai_user";

    private static readonly Lazy<Task<TestPostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<TestPostgresServer> GetAsync() => Server.Value;

    private static async Task<TestPostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        return string.IsNullOrWhiteSpace(external) ? await StartEmbeddedAsync() : await UseExternalAsync(external);
    }

    private static async Task<TestPostgresServer> StartEmbeddedAsync()
    {
        // Under the temp folder, which the postgres account can reach even when the checkout is under /root.
        await StaleTestClusters.SweepAsync(Path.GetTempPath());
        var state = Path.Combine(Path.GetTempPath(), $"{StaleTestClusters.Prefix}{Guid.NewGuid():N}");
        var options = new EmbeddedPostgresOptions { StateDirectory = state, Durable = false };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var embedded = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, timeout.Token);
        TestClusterWatchdog.Start(state, embedded.DataDirectory);
        var password = new NpgsqlConnectionStringBuilder(embedded.ApplicationConnectionString).Password!;
        return new TestPostgresServer(embedded.SuperuserConnectionString, password, embedded);
    }

    private static async Task<TestPostgresServer> UseExternalAsync(string adminConnectionString)
    {
        // Derived from the admin string, so parallel test processes against one server agree on it
        // without racing each other's ALTER ROLE, and nobody without the admin password can compute it.
        var password = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("bai-test:" + adminConnectionString)))[..40];
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ApplicationRole}') THEN
                    CREATE ROLE {ApplicationRole} LOGIN;
                END IF;
            END $$;
            ALTER ROLE {ApplicationRole} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{password}';
            """,
            connection);
        await command.ExecuteNonQueryAsync();
        return new TestPostgresServer(adminConnectionString, password, null);
    }
}
