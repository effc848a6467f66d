namespace Bai.Migrator.Tests.Pipeline;

using Bai.Migrator.Pipeline;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// Issue 7: the keys and indexes are sorted in 32 MB per process of a build (never more than the server allows),
/// for the migrator's transaction alone, and the server's own value is what the foreign keys get and what is left after.
/// </summary>
public sealed class IndexSortMemoryTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_larger_server_setting_is_limited_to_32_MB_per_process_of_a_build_for_the_transaction_alone()
    {
        try
        {
            await SetDatabaseDefaultAsync("1GB");
            await using var connection = await OpenAsync(database.ConnectionString + ";Options=-c max_parallel_maintenance_workers=3");
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                var limit = await IndexSortMemory.LimitAsync(connection, transaction, CancellationToken.None);

                // The leader and its 3 helpers, 32 MB each.
                Assert.NotNull(limit);
                Assert.Equal((1024 * 1024L, 4 * 32 * 1024L), (limit.ServerKilobytes, limit.Kilobytes));
                Assert.Equal("128MB", await ShowAsync(connection, transaction));

                await IndexSortMemory.RestoreAsync(connection, transaction, limit, CancellationToken.None);
                Assert.Equal("1GB", await ShowAsync(connection, transaction));

                await IndexSortMemory.LimitAsync(connection, transaction, CancellationToken.None);
                await transaction.CommitAsync();
            }

            // Set for the transaction only: the connection (and the pool it goes back to) keeps the server's value.
            Assert.Equal("1GB", await ShowAsync(connection, null));
        }
        finally
        {
            await SetDatabaseDefaultAsync(null);
        }
    }

    [Fact]
    public async Task A_smaller_server_setting_is_kept()
    {
        try
        {
            await SetDatabaseDefaultAsync("40MB");
            await using var connection = await OpenAsync(database.ConnectionString);
            await using var transaction = await connection.BeginTransactionAsync();

            var limit = await IndexSortMemory.LimitAsync(connection, transaction, CancellationToken.None);

            Assert.Null(limit);
            Assert.Equal("40MB", await ShowAsync(connection, transaction));
        }
        finally
        {
            await SetDatabaseDefaultAsync(null);
        }
    }

    [Fact]
    public async Task A_value_the_user_set_on_the_connection_is_left_as_it_is()
    {
        await using var connection = await OpenAsync(database.ConnectionString + ";Options=-c maintenance_work_mem=700MB");
        await using var transaction = await connection.BeginTransactionAsync();

        var limit = await IndexSortMemory.LimitAsync(connection, transaction, CancellationToken.None);

        Assert.Null(limit);
        Assert.Equal("700MB", await ShowAsync(connection, transaction));
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        // No pooling: each test's connection starts from the server's and the database's settings, not a pooled session's.
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string> ShowAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        await using var command = new NpgsqlCommand("SHOW maintenance_work_mem", connection, transaction);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The database's own default (<c>ALTER DATABASE ... SET</c>): a server-side setting, as a DBA would make it.</summary>
    private async Task SetDatabaseDefaultAsync(string? value)
    {
        await using var connection = await OpenAsync(database.AdminConnectionString);
        var sql = value is null
            ? $"ALTER DATABASE {database.DatabaseName} RESET maintenance_work_mem"
            : $"ALTER DATABASE {database.DatabaseName} SET maintenance_work_mem = '{value}'";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
