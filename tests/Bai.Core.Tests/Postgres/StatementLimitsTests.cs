namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// The copy's transaction lifts the statement and idle-in-transaction timeouts a role or database sets for its
/// application, for itself alone, and keeps a value the user put on the connection string.
/// </summary>
public sealed class StatementLimitsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => AlterDatabaseAsync("SET statement_timeout = '5s'", "SET idle_in_transaction_session_timeout = '5s'");

    public Task DisposeAsync() => AlterDatabaseAsync("RESET statement_timeout", "RESET idle_in_transaction_session_timeout");

    [Fact]
    public async Task The_database_s_limits_are_lifted_for_the_transaction_alone()
    {
        await using var connection = await OpenAsync(database.ConnectionString);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await StatementLimits.LiftAsync(connection, transaction, CancellationToken.None);

            Assert.Equal(("0", "0"), await ShowAsync(connection, transaction));
            await transaction.CommitAsync();
        }

        Assert.Equal(("5s", "5s"), await ShowAsync(connection, null));
    }

    [Fact]
    public async Task A_limit_the_user_set_on_the_connection_is_kept()
    {
        await using var connection = await OpenAsync(database.ConnectionString + ";Options=-c statement_timeout=7min");
        await using var transaction = await connection.BeginTransactionAsync();

        await StatementLimits.LiftAsync(connection, transaction, CancellationToken.None);

        Assert.Equal(("7min", "0"), await ShowAsync(connection, transaction));
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        // No pooling: each connection starts from the database's settings, not a pooled session's.
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<(string Statement, string IdleInTransaction)> ShowAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }

    /// <summary>The database's own defaults (<c>ALTER DATABASE ... SET</c>), as a DBA would set them for the application.</summary>
    private async Task AlterDatabaseAsync(params string[] changes)
    {
        await using var connection = await OpenAsync(database.AdminConnectionString);
        foreach (var change in changes)
        {
            await using var command = new NpgsqlCommand($"ALTER DATABASE {database.DatabaseName} {change}", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
