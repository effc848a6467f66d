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

    [Fact]
    public async Task Other_errors_are_not_limits()
    {
        var error = await ErrorOfAsync("SELECT 1 / 0");

        Assert.Null(PostgresConnectionErrors.Limit(error, "nothing of this run was committed"));
    }

    private async Task<PostgresException> ErrorOfAsync(string sql)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await Assert.ThrowsAsync<PostgresException>(() => PostgresQueries.ExecuteAsync(database.ConnectionString, sql, timeout.Token));
    }
}
