namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>A statement PostgreSQL cancels at a limit of the session is named in one sentence; any other error is not this one's.</summary>
public sealed class SessionLimitErrorsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_statement_cancelled_at_statement_timeout_is_named_with_what_it_means_for_the_data()
    {
        var error = await ErrorOfAsync("SET statement_timeout = '50ms'; SELECT pg_sleep(2)");

        var sentence = PostgresConnectionErrors.Limit(error, "nothing of this run was committed");

        Assert.Equal(
            "PostgreSQL cancelled a statement at its statement_timeout; nothing of this run was committed; raise or remove the limit that ConnectionStrings:bai-db's Options set (the role's or database's binds only the queries the application itself would run: the verifier's CRUD and plans checks).",
            sentence);
    }

    /// <summary>Only a superuser may set temp_file_limit (the admin here, a DBA on a real server), so the tools cannot lift it.</summary>
    [Fact]
    public async Task A_statement_stopped_at_temp_file_limit_is_named_with_who_can_raise_it()
    {
        var error = await ErrorOfAsync(
            "SET work_mem = '64kB'; SET temp_file_limit = '64kB'; SELECT count(*) FROM (SELECT g FROM generate_series(1, 200000) g ORDER BY g DESC) s",
            database.AdminConnectionString);

        var sentence = PostgresConnectionErrors.Limit(error, "nothing of this run was committed");

        Assert.Equal(
            "PostgreSQL stopped a statement at its temp_file_limit (temporary file size exceeds temp_file_limit (64kB)); nothing of this run was committed; the migrator's index builds and foreign-key checks, and the verifier's checks, sort and join whole tables through temporary files, so raise or remove temp_file_limit for this role or database (a superuser's ALTER ROLE ... SET temp_file_limit = -1).",
            sentence);
    }

    [Fact]
    public async Task Other_errors_are_not_limits()
    {
        var error = await ErrorOfAsync("SELECT 1 / 0");

        Assert.Null(PostgresConnectionErrors.Limit(error, "nothing of this run was committed"));
    }

    private async Task<PostgresException> ErrorOfAsync(string sql, string? connectionString = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await Assert.ThrowsAsync<PostgresException>(() => PostgresQueries.ExecuteAsync(connectionString ?? database.ConnectionString, sql, timeout.Token));
    }
}
