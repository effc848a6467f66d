namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>Least privilege (target-schema.md, "Roles"): bai_user owns its database and can do nothing server-wide.</summary>
public sealed class ApplicationRoleTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Theory]
    [InlineData("CREATE DATABASE bai_role_test_db")]
    [InlineData("CREATE ROLE bai_role_test_role")]
    [InlineData("ALTER ROLE bai_user CREATEDB")]
    public async Task Bai_user_cannot_do_server_wide_work(string sql)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresQueries.ExecuteAsync(database.ConnectionString, sql, timeout.Token));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Bai_user_owns_its_database_and_creates_tables_in_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await PostgresQueries.ExecuteAsync(database.ConnectionString, "CREATE TABLE owned (id int PRIMARY KEY)", timeout.Token);

        var owners = await PostgresQueries.ScalarAsync<string>(
            database.ConnectionString,
            "SELECT pg_get_userbyid(d.datdba) || ',' || t.tableowner || ',' || current_user FROM pg_database d, pg_tables t WHERE d.datname = current_database() AND t.tablename = 'owned'",
            timeout.Token);

        Assert.Equal("bai_user,bai_user,bai_user", owners);
    }

    /// <summary>
    /// A DBA with CREATEROLE and CREATEDB who is no superuser (a managed service's admin) cannot keep a statement's
    /// text out of the server's log: setup_postgres.sql used to fail for them at the ALTER ROLE that carries the
    /// password, and PostgreSQL logged that statement, password included. It now provisions everything but the
    /// password, never sends it, and says to set it with psql's \password (which sends only a hash).
    /// </summary>
    [Fact]
    public async Task A_dba_who_is_no_superuser_provisions_without_ever_sending_the_password()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var admin = database.Server.AdminConnectionString;
        var dba = $"bai_dba_{Guid.NewGuid():N}"[..20];
        const string DbaPassword = "dba-s3cret";
        await PostgresQueries.ExecuteAsync(admin, $"CREATE ROLE {dba} LOGIN CREATEROLE CREATEDB PASSWORD '{DbaPassword}'", timeout.Token);
        const string PasswordOfBaiUser = "SELECT coalesce(rolpassword, '') FROM pg_authid WHERE rolname = 'bai_user'";
        var before = await PostgresQueries.ScalarAsync<string>(admin, PasswordOfBaiUser, timeout.Token);
        try
        {
            var server = new NpgsqlConnectionStringBuilder(admin);
            var psql = new ProcessCommand(
                PostgresBinaries.Locate(null).Psql,
                ["--no-psqlrc", $"--host={server.Host}", $"--port={server.Port}", $"--username={dba}", "--dbname=postgres"])
            {
                RemoveInherited = name => name.StartsWith("PG", StringComparison.Ordinal),
                Environment = new Dictionary<string, string?> { ["PGPASSWORD"] = DbaPassword, ["BAI_PASSWORD"] = "never-sent-zq9x" },
                StandardInput = Provisioner.Script,
            };

            var result = await ProcessRunner.RunAsync(psql, TimeSpan.FromMinutes(1), timeout.Token);

            Assert.True(result.ExitCode == 0, result.Tail());
            Assert.Contains("set it with psql's \\password bai_user", result.StandardError, StringComparison.Ordinal);
            Assert.Equal(before, await PostgresQueries.ScalarAsync<string>(admin, PasswordOfBaiUser, timeout.Token));
            // Had the script sent it, bai_user would log in with it.
            var withSentinel = new NpgsqlConnectionStringBuilder(admin) { Username = "bai_user", Password = "never-sent-zq9x", Pooling = false }.ConnectionString;
            var refused = await Assert.ThrowsAsync<PostgresException>(() => PostgresQueries.ScalarAsync<int>(withSentinel, "SELECT 1", timeout.Token));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
            Assert.Equal("bai_user", await PostgresQueries.ScalarAsync<string>(admin, "SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = 'bai_db'", timeout.Token));
        }
        finally
        {
            await PostgresQueries.ExecuteAsync(admin, $"DROP ROLE {dba}", timeout.Token);
        }
    }
}
