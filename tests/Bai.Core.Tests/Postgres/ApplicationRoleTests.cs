namespace Bai.Core.Tests.Postgres;

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
}
