namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private static readonly string[] SecretFileNames = ["superuser.password", "bai_user.password"];

    private readonly TemporaryStateDirectory state = new();
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));

    public void Dispose()
    {
        timeout.Dispose();
        state.Dispose();
    }

    [Fact]
    public async Task Start_provisions_bai_user_on_bai_db_and_dispose_leaves_no_process()
    {
        var server = await StartAsync();
        string dataDirectory = server.DataDirectory;
        await using (server)
        {
            Assert.NotEmpty(ClusterProcesses.Find(dataDirectory));
            await using var connection = new NpgsqlConnection(server.ApplicationConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand(
                """
                SELECT current_user, current_database(), rolsuper, rolcreatedb, rolcreaterole, rolreplication,
                       (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()),
                       current_setting('listen_addresses'), inet_server_addr()::text
                FROM pg_roles WHERE rolname = current_user
                """,
                connection);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            Assert.True(await reader.ReadAsync(timeout.Token));
            Assert.Equal(
                ("bai_user", "bai_db", false, false, false, false, "bai_user", "127.0.0.1", "127.0.0.1/32"),
                (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5),
                 reader.GetString(6), reader.GetString(7), reader.GetString(8)));
        }

        Assert.Empty(ClusterProcesses.Find(dataDirectory));
        Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")));
    }

    [Fact]
    public async Task Second_start_reuses_the_data_and_the_passwords()
    {
        string applicationConnectionString;
        await using (var first = await StartAsync())
        {
            applicationConnectionString = first.ApplicationConnectionString;
            await PostgresQueries.ExecuteAsync(first.ApplicationConnectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives a restart')", timeout.Token);
        }

        await using var second = await StartAsync();
        Assert.Equal(
            new NpgsqlConnectionStringBuilder(applicationConnectionString).Password,
            new NpgsqlConnectionStringBuilder(second.ApplicationConnectionString).Password);
        Assert.Equal("survives a restart", await PostgresQueries.ScalarAsync<string>(second.ApplicationConnectionString, "SELECT v FROM kept", timeout.Token));
    }

    [Fact]
    public async Task Secret_files_are_owner_only_and_no_password_reaches_the_server_log()
    {
        await using var server = await StartAsync();
        // A failing statement is logged with its text: the passwords must still not show up.
        await Assert.ThrowsAsync<PostgresException>(() => PostgresQueries.ExecuteAsync(server.ApplicationConnectionString, "SELECT no_such_column", timeout.Token));

        var secrets = SecretFileNames.Select(name => Path.Combine(state.Path, name)).ToList();
        Assert.All(secrets, file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(server.DataDirectory));

        var passwords = new[] { server.ApplicationConnectionString, server.SuperuserConnectionString }
            .Select(cs => new NpgsqlConnectionStringBuilder(cs).Password!).ToList();
        Assert.Equal(passwords.Order(), secrets.Select(File.ReadAllText).Order());
        var serverLog = File.ReadAllText(Path.Combine(Path.GetDirectoryName(server.DataDirectory)!, "log", "postgres.log"));
        Assert.Contains("no_such_column", serverLog, StringComparison.Ordinal);
        Assert.All(passwords, password => Assert.DoesNotContain(password, serverLog, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(server.DataDirectory)!, "initdb-*"));
    }

    [Fact]
    public async Task Killed_postmaster_is_recovered_on_the_next_start()
    {
        var abandoned = await StartAsync();
        await PostgresQueries.ExecuteAsync(abandoned.ApplicationConnectionString, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)", timeout.Token);
        var postmaster = int.Parse(File.ReadLines(Path.Combine(abandoned.DataDirectory, "postmaster.pid")).First());
        using (var process = System.Diagnostics.Process.GetProcessById(postmaster))
        {
            process.Kill(); // SIGKILL: no shutdown, postmaster.pid and orphaned backends stay behind.
        }

        Assert.True(await PostgresQueries.EventuallyAsync(() => !ClusterProcesses.IsOurs(postmaster, abandoned.DataDirectory), TimeSpan.FromSeconds(30)));
        Assert.True(File.Exists(Path.Combine(abandoned.DataDirectory, "postmaster.pid")));

        await using (var recovered = await StartAsync())
        {
            Assert.Equal(42, await PostgresQueries.ScalarAsync<int>(recovered.ApplicationConnectionString, "SELECT v FROM kept", timeout.Token));
            // The killed run's owner still counts as a user, so leaving does not stop the recovered server.
            await abandoned.DisposeAsync();
            Assert.Equal(1, await PostgresQueries.ScalarAsync<int>(recovered.ApplicationConnectionString, "SELECT 1", timeout.Token));
        }

        Assert.Empty(ClusterProcesses.Find(abandoned.DataDirectory));
    }

    [Fact]
    public async Task A_second_user_of_the_state_folder_shares_the_running_server_and_the_last_one_stops_it()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        Assert.Equal(first.Port, second.Port);

        await first.DisposeAsync();
        Assert.Equal(1, await PostgresQueries.ScalarAsync<int>(second.ApplicationConnectionString, "SELECT 1", timeout.Token));

        await second.DisposeAsync();
        Assert.Empty(ClusterProcesses.Find(second.DataDirectory));
    }

    [Fact]
    public async Task A_missing_bin_directory_fails_with_one_sentence_naming_it()
    {
        var options = new EmbeddedPostgresOptions { StateDirectory = state.Path, BinDirectory = "/nonexistent/postgresql/bin" };

        var error = await Assert.ThrowsAsync<BaiEnvironmentException>(() => EmbeddedPostgres.StartAsync(options, NullLogger.Instance, timeout.Token));

        Assert.Equal(
            "The configured PostgreSQL bin folder '/nonexistent/postgresql/bin' (Bai:Postgres:BinDirectory) does not contain initdb, pg_ctl, postgres and psql; point it at the server's bin folder or remove the setting.",
            error.Message);
        Assert.False(Directory.Exists(state.Path));
    }

    private Task<EmbeddedPostgres> StartAsync() =>
        EmbeddedPostgres.StartAsync(new() { StateDirectory = state.Path, Durable = false }, NullLogger.Instance, timeout.Token);
}
