namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// What the server or Npgsql refuses while a connection starts, before any statement (a password),
/// is one sentence through <see cref="PostgresConnectionErrors.OpenAsync"/>, which both workers open their connections
/// with; these were unexpected errors, exit 1. The test server asks every user for a password (scram-sha-256).
/// </summary>
public sealed class ConnectionStartupErrorsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_connection_string_without_the_password_the_server_requires_is_named()
    {
        var sentence = await SentenceOfAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = null });

        Assert.Equal(
            $"{Server()} requires a password for user 'bai_user', and ConnectionStrings:bai-db gives none; add Password=... to it (or set PGPASSWORD, or use a .pgpass file).",
            sentence);
    }

    /// <summary>A password that is not in the connection string is not said to be there.</summary>
    [Fact]
    public async Task A_wrong_password_from_a_password_file_is_named_without_pointing_at_the_connection_string()
    {
        var passfile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passfile, "*:*:*:bai_user:not-the-password-4711\n");
            var sentence = await SentenceOfAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = null, Passfile = passfile });

            Assert.Equal(
                $"{Server()} rejected the password of user 'bai_user', which ConnectionStrings:bai-db does not give (it came from PGPASSWORD or a .pgpass file); fix it there, or put Password=... in ConnectionStrings:bai-db.",
                sentence);
        }
        finally
        {
            File.Delete(passfile);
        }
    }

    private string Server()
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return $"PostgreSQL at {target.Host}:{target.Port}";
    }

    private static async Task<string> SentenceOfAsync(NpgsqlConnectionStringBuilder connectionString)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var dataSource = NpgsqlDataSource.Create(connectionString.ConnectionString);
        var error = await Assert.ThrowsAsync<BaiEnvironmentException>(async () => await PostgresConnectionErrors.OpenAsync(dataSource, timeout.Token));
        return error.Message;
    }
}
