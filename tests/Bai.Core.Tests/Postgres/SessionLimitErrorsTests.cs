namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>A statement PostgreSQL cancels at a limit of the session is named in one sentence; any other error is not this one's.</summary>
public sealed class SessionLimitErrorsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_statement_cancelled_at_the_statement_timeout_of_the_connection_string_s_Options_is_named_so()
    {
        var limited = database.ConnectionString + ";Options=-c statement_timeout=50ms";
        var error = await ErrorOfAsync("SELECT pg_sleep(2)", limited);

        var sentence = PostgresConnectionErrors.Limit(error, limited, "nothing of this run was committed");

        Assert.Equal(
            "PostgreSQL cancelled a statement at its statement_timeout; nothing of this run was committed; raise or remove the statement_timeout that ConnectionStrings:bai-db's Options sets, which the tools keep as the user's choice for all their statements.",
            sentence);
    }

    /// <summary>
    /// A role's limit (the staging rehearsal's <c>ALTER ROLE bai_user SET statement_timeout = '100ms'</c>, here for this
    /// database only) is not the connection string's: the sentence says where it comes from, and which checks it binds.
    /// </summary>
    [Fact]
    public async Task A_statement_cancelled_at_the_role_s_statement_timeout_is_named_as_the_role_s_with_the_checks_it_binds()
    {
        var role = $"ALTER ROLE {TestPostgres.ApplicationRole} IN DATABASE {database.DatabaseName}";
        // A new session (not one pooled before the ALTER) takes the role's setting, and none keeps it after the test.
        var connectionString = database.ConnectionString + ";Pooling=false";
        await PostgresQueries.ExecuteAsync(database.AdminConnectionString, $"{role} SET statement_timeout = '50ms'", CancellationToken.None);
        PostgresException error;
        try
        {
            error = await ErrorOfAsync("SELECT pg_sleep(2)", connectionString);
        }
        finally
        {
            await PostgresQueries.ExecuteAsync(database.AdminConnectionString, $"{role} RESET statement_timeout", CancellationToken.None);
        }

        var sentence = PostgresConnectionErrors.Limit(error, connectionString, "nothing of this run was committed");

        Assert.Equal(
            "PostgreSQL cancelled a statement at its statement_timeout; nothing of this run was committed; the limit is the role's, the database's or the server's (ConnectionStrings:bai-db's Options set none), which the tools lift for their own work but not for the verifier's CRUD and plans checks, whose queries run under the application's limits on purpose, so raise it until those queries fit within it, or leave those two checks out (Bai.Verifier --checks schema,counts,content,references,isolation,sequences; the migrator with --no-verify).",
            sentence);
    }

    [Theory]
    [InlineData("-c statement_timeout=5s", true)]
    [InlineData("-cstatement_timeout=5s", true)]
    [InlineData("--statement-timeout=5s", true)]
    [InlineData("-c search_path=public -c Statement_Timeout=0", true)]
    [InlineData("-c search_path=public", false)]
    [InlineData("-c lock_timeout=5s", false)]
    public void The_Options_that_set_statement_timeout_are_told_from_those_that_do_not(string options, bool sets) =>
        Assert.Equal(sets, StatementTimeoutSource.SetsStatementTimeout(options));

    /// <summary>Only a superuser may set temp_file_limit (the admin here, a DBA on a real server), so the tools cannot lift it.</summary>
    [Fact]
    public async Task A_statement_stopped_at_temp_file_limit_is_named_with_who_can_raise_it()
    {
        var error = await ErrorOfAsync(
            "SET work_mem = '64kB'; SET temp_file_limit = '64kB'; SELECT count(*) FROM (SELECT g FROM generate_series(1, 200000) g ORDER BY g DESC) s",
            database.AdminConnectionString);

        var sentence = PostgresConnectionErrors.Limit(error, database.ConnectionString, "nothing of this run was committed");

        Assert.Equal(
            "PostgreSQL stopped a statement at its temp_file_limit (temporary file size exceeds temp_file_limit (64kB)); nothing of this run was committed; the migrator's index builds and foreign-key checks, and the verifier's checks, sort and join whole tables through temporary files, so raise or remove temp_file_limit for this role or database (a superuser's ALTER ROLE ... SET temp_file_limit = -1).",
            sentence);
    }

    [Fact]
    public async Task Other_errors_are_not_limits()
    {
        var error = await ErrorOfAsync("SELECT 1 / 0");

        Assert.Null(PostgresConnectionErrors.Limit(error, database.ConnectionString, "nothing of this run was committed"));
    }

    private async Task<PostgresException> ErrorOfAsync(string sql, string? connectionString = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await Assert.ThrowsAsync<PostgresException>(() => PostgresQueries.ExecuteAsync(connectionString ?? database.ConnectionString, sql, timeout.Token));
    }
}
