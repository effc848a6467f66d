namespace Bai.Verifier.Tests;

using Bai.Testing.Postgres;
using Bai.Verifier.Checks;
using Npgsql;

/// <summary>
/// Issue 7: the references and isolation checks run their scans and joins without parallel workers (they run side by
/// side already), unless the user asked for parallel workers on the connection itself.
/// </summary>
public sealed class SerialPlansTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task The_server_setting_gives_way_to_plans_on_one_process()
    {
        await using var connection = await OpenAsync(database.ConnectionString);
        Assert.NotEqual("0", await ShowAsync(connection));
        await using var transaction = await connection.BeginTransactionAsync();

        await SerialPlans.ApplyAsync(connection, transaction, CancellationToken.None);

        Assert.Equal("0", await ShowAsync(connection));
    }

    [Fact]
    public async Task The_setting_ends_with_the_checks_connection_even_where_the_pool_does_not_reset_connections()
    {
        // One pooled connection, never reset: the next check gets the very same server session.
        var pooled = database.ConnectionString + ";No Reset On Close=true;Maximum Pool Size=1;Application Name=serial-plans-test";
        await using var dataSource = NpgsqlDataSource.Create(pooled);
        var context = new VerificationContext(null!, null!, [], dataSource, null!, null!);
        int firstSession;
        await using (var serial = await context.OpenSerialTargetAsync(CancellationToken.None))
        {
            Assert.Equal("0", await ShowAsync(serial));
            firstSession = serial.ProcessID;
        }

        await using var next = await dataSource.OpenConnectionAsync();
        Assert.Equal(firstSession, next.ProcessID);
        Assert.NotEqual("0", await ShowAsync(next));
    }

    [Fact]
    public async Task The_checks_that_join_whole_tables_are_not_cancelled_at_the_database_s_statement_timeout()
    {
        await database.AlterAsync("SET statement_timeout = '5s'");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString + ";Pooling=false");
            var context = new VerificationContext(null!, null!, [], dataSource, null!, null!);
            await using var serial = await context.OpenSerialTargetAsync(CancellationToken.None);
            await using var command = new NpgsqlCommand("SELECT current_setting('statement_timeout')", serial);

            Assert.Equal("0", (string)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            await database.AlterAsync("RESET statement_timeout");
        }
    }

    [Fact]
    public async Task A_value_the_user_set_on_the_connection_is_left_as_it_is()
    {
        await using var connection = await OpenAsync(database.ConnectionString + ";Options=-c max_parallel_workers_per_gather=3");
        await using var transaction = await connection.BeginTransactionAsync();

        await SerialPlans.ApplyAsync(connection, transaction, CancellationToken.None);

        Assert.Equal("3", await ShowAsync(connection));
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string> ShowAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SHOW max_parallel_workers_per_gather", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
