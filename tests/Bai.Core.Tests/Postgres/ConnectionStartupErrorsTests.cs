namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// What the server or Npgsql refuses while a connection starts, before any statement (a password, the Options' settings),
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

    /// <summary>
    /// A wrong password the connection string gives is said to be its own. The data source's connection string leaves
    /// the password out, and the sentence blamed PGPASSWORD or a .pgpass file that this user does not have (README walkthrough).
    /// </summary>
    [Fact]
    public async Task A_wrong_password_in_the_connection_string_is_named_there()
    {
        var sentence = await SentenceOfAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password-4711" });

        Assert.Equal($"{Server()} rejected the password of user 'bai_user'; fix the password in ConnectionStrings:bai-db.", sentence);
    }

    /// <summary>
    /// With a password file present, a rejected password may be the connection string's or the file's (Npgsql reads the
    /// file only when the string gives none, and the data source's string hides which): the sentence names both, in
    /// Npgsql's order. It used to blame the file alone, also for a mistyped Password in the connection string.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("not-the-password-4711")]
    public async Task A_wrong_password_beside_a_password_file_names_both_places(string? connectionStringPassword)
    {
        var passfile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passfile, "*:*:*:bai_user:not-the-password-either-0815\n");
            var sentence = await SentenceOfAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = connectionStringPassword, Passfile = passfile });

            Assert.Equal(
                $"{Server()} rejected the password of user 'bai_user'; fix it where it was given: ConnectionStrings:bai-db's Password, or, when that gives none, the password file {passfile}.",
                sentence);
            Assert.DoesNotContain("not-the-password", sentence, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(passfile);
        }
    }

    [Theory]
    [InlineData(
        "-c max_parallel_maintenance_workers=6 -c maintenance_work_mem=224XB",
        "invalid value for parameter \"maintenance_work_mem\": \"224XB\"; valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\"")]
    [InlineData("-c nosuch_param=1", "unrecognized configuration parameter \"nosuch_param\"")]
    [InlineData("-c max_parallel_maintenance_workers", "-c max_parallel_maintenance_workers requires a value")]
    [InlineData("-c shared_buffers=1GB", "parameter \"shared_buffers\" cannot be changed without restarting the server")]
    public async Task A_setting_of_the_options_the_server_refuses_is_named(string options, string refusal)
    {
        var sentence = await SentenceOfAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = options });

        Assert.Equal($"{Server()} refused a setting of ConnectionStrings:bai-db's Options ({refusal}); fix or remove that -c setting.", sentence);
    }

    /// <summary>
    /// Npgsql sends the time zone and the client encoding at the start too, from keywords of their own: a typo there
    /// was said to be a setting of the Options (or PGOPTIONS), which set nothing (review).
    /// </summary>
    [Fact]
    public async Task A_time_zone_the_server_refuses_is_not_blamed_on_the_options()
    {
        var sentence = await SentenceOfAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timezone = "Europe/Pariss" });

        Assert.Equal(
            $"{Server()} refused a setting the connection sends at its start (invalid value for parameter \"TimeZone\": \"Europe/Pariss\"); fix ConnectionStrings:bai-db's Timezone, Client Encoding or Search Path, or the PGTZ or PGCLIENTENCODING environment variable, whichever gives it.",
            sentence);
    }

    /// <summary>
    /// A connection that failed for another reason (a closed port) was blamed on a certificate file nothing opened: with
    /// TLS off no file is read, and the root certificate only when the mode verifies the server (review).
    /// </summary>
    [Theory]
    [InlineData(SslMode.Disable, "/nonexistent/ca.pem", null, false)]
    [InlineData(SslMode.Prefer, "/nonexistent/ca.pem", null, false)]
    [InlineData(SslMode.VerifyFull, "/nonexistent/ca.pem", null, true)]
    [InlineData(SslMode.Disable, null, "/nonexistent/client.key", false)]
    [InlineData(SslMode.Prefer, null, "/nonexistent/client.key", true)]
    public void Only_a_certificate_file_the_connection_reads_is_blamed(SslMode mode, string? rootCertificate, string? key, bool blamed)
    {
        var target = new NpgsqlConnectionStringBuilder("Host=127.0.0.1") { SslMode = mode, RootCertificate = rootCertificate, SslKey = key };

        Assert.Equal(blamed, CertificateFiles.FirstUnreadable(target) is not null);
    }

    /// <summary>A parameter only a superuser may set (PostgreSQL 15 lets one GRANT SET on it) is not a missing grant of setup_postgres.sql's.</summary>
    [Fact]
    public async Task A_setting_of_the_options_this_user_may_not_set_is_named()
    {
        var sentence = await SentenceOfAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = "-c log_statement=all" });

        Assert.Equal(
            $"{Server()} refused a setting of ConnectionStrings:bai-db's Options (permission denied to set parameter \"log_statement\"): this user may not set it; remove that -c setting, or have a superuser GRANT SET ON PARAMETER to the user.",
            sentence);
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
