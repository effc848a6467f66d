namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

public sealed class PostgresTargetTests : IDisposable
{
    private readonly TemporaryStateDirectory state = new();
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));

    public void Dispose()
    {
        timeout.Dispose();
        state.Dispose();
    }

    [Fact]
    public async Task A_configured_connection_string_is_used_as_is_and_nothing_starts()
    {
        var configuration = Configuration(new() { ["ConnectionStrings:bai-db"] = "Host=db.example;Database=bai_db;Username=bai_user;Password=s3ntinel" });

        await using var target = await PostgresTarget.ResolveAsync(configuration, NullLogger.Instance, timeout.Token);

        Assert.Equal(("Host=db.example;Database=bai_db;Username=bai_user;Password=s3ntinel", false), (target.ConnectionString, target.IsEmbedded));
        Assert.Equal("Host=db.example;Database=bai_db;Username=bai_user", target.RedactedConnectionString);
        Assert.False(Directory.Exists(state.Path));
    }

    /// <summary>
    /// The README offers appsettings.json for the connection string; one holding the password and readable by other
    /// users of the machine (0644, what an editor or a checkout makes) is worth a warning, as ssh gives for a key.
    /// </summary>
    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, true)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite, false)]
    public async Task A_settings_file_holding_the_password_that_others_may_read_is_warned_of(UnixFileMode mode, bool warned)
    {
        Directory.CreateDirectory(state.Path);
        var settings = Path.Combine(state.Path, "appsettings.json");
        await File.WriteAllTextAsync(settings, """{"ConnectionStrings": {"bai-db": "Host=db.example;Database=bai_db;Username=bai_user;Password=s3ntinel"}}""", timeout.Token);
        File.SetUnixFileMode(settings, mode);
        var configuration = new ConfigurationBuilder().SetBasePath(state.Path).AddJsonFile("appsettings.json").Build();
        var logger = new WarningRecorder();

        await using var target = await PostgresTarget.ResolveAsync(configuration, logger, timeout.Token);

        var warning = $"{settings} holds ConnectionStrings:bai-db with its password, and other users of this machine may read it; make it readable by this user only (chmod 600 {settings})";
        Assert.Equal(warned ? [warning] : [], logger.Warnings);
        Assert.DoesNotContain(logger.Warnings, w => w.Contains("s3ntinel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_connection_string_the_embedded_server_starts_and_stops_with_the_target()
    {
        var configuration = Configuration(new() { ["Bai:Postgres:StateDirectory"] = state.Path });

        string dataDirectory;
        await using (var target = await PostgresTarget.ResolveAsync(configuration, NullLogger.Instance, timeout.Token))
        {
            Assert.True(target.IsEmbedded);
            Assert.Equal("bai_user", await PostgresQueries.ScalarAsync<string>(target.ConnectionString, "SELECT current_user", timeout.Token));
            dataDirectory = Path.Combine(state.Path, "server", "data");
            Assert.NotEmpty(ClusterProcesses.Find(dataDirectory));
        }

        Assert.Empty(ClusterProcesses.Find(dataDirectory));
    }

    /// <summary>Bai:StateFolder moves the embedded cluster with the snapshots and reports; it stayed in ./.bai/postgres.</summary>
    [Fact]
    public async Task The_embedded_server_lives_in_the_state_folder()
    {
        var configuration = Configuration(new() { ["Bai:StateFolder"] = state.Path });

        await using var target = await PostgresTarget.ResolveAsync(configuration, NullLogger.Instance, timeout.Token);

        Assert.True(target.IsEmbedded);
        Assert.NotEmpty(ClusterProcesses.Find(Path.Combine(state.Path, "postgres", "server", "data")));
    }

    /// <summary>
    /// Warning 1021 said the embedded server keeps "its data in" the state folder, and then, a root process whose
    /// state folder the postgres account cannot enter (a checkout under /root), the data went to
    /// /var/tmp/bai-postgres/&lt;hash&gt;. That folder is decided only as the server starts, so 1021 names none, and the
    /// line saying the server is ready names the one used.
    /// </summary>
    [Fact]
    public async Task The_embedded_server_warning_names_no_data_folder_the_server_may_not_use()
    {
        RootOnly.Require("only a root process hands the server to the postgres account, and only then can the server's data folder move out of a state folder that account cannot enter");

        var parent = state.Path;
        Directory.CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stateFolder = Path.Combine(parent, "state");
        var configuration = Configuration(new() { ["Bai:StateFolder"] = stateFolder });
        var logger = new WarningRecorder();

        string ready;
        await using (var target = await PostgresTarget.ResolveAsync(configuration, logger, timeout.Token))
        {
            ready = Assert.Single(logger.Information, m => m.StartsWith("Embedded PostgreSQL ready", StringComparison.Ordinal));
        }

        var dataDirectory = System.Text.RegularExpressions.Regex.Match(ready, @"(/var/tmp/bai-postgres/[0-9a-f]+)/data\)$").Groups[1].Value;
        Assert.True(dataDirectory.Length > 0, ready);
        Directory.Delete(dataDirectory, recursive: true);
        Assert.Equal(
            ["No ConnectionStrings:bai-db configured; using an embedded PostgreSQL, started from this machine's binaries for this run (the line saying it is ready names its data folder); set ConnectionStrings:bai-db to use a server of your own"],
            logger.Warnings);
    }

    /// <summary>
    /// Bai__StateFolder=/var/lib/bai as a user who may not create it said "Could not create the PostgreSQL state folder
    /// '/var/lib/bai/postgres': Access to the path '/var/lib/bai' is denied." and nothing of what to do. A regular file
    /// where the state folder would be makes the same failure for any user, root included.
    /// </summary>
    [Fact]
    public async Task A_state_folder_that_cannot_be_created_says_which_setting_moves_it()
    {
        Directory.CreateDirectory(state.Path);
        var notAFolder = Path.Combine(state.Path, "not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "x", timeout.Token);
        var configuration = Configuration(new() { ["Bai:StateFolder"] = notAFolder });

        var error = await Assert.ThrowsAsync<BaiEnvironmentException>(() => PostgresTarget.ResolveAsync(configuration, NullLogger.Instance, timeout.Token));

        Assert.StartsWith($"The PostgreSQL state folder '{Path.Combine(notAFolder, "postgres")}' cannot be created (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "); set Bai:StateFolder (or Bai__StateFolder in the environment) to a folder this user may write, or Bai:Postgres:StateDirectory if it is set, or create the folder and give this user write access.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_port_setting_fails_with_one_sentence()
    {
        var configuration = Configuration(new() { ["Bai:Postgres:Port"] = "http" });

        var error = await Assert.ThrowsAsync<BaiEnvironmentException>(() => PostgresTarget.ResolveAsync(configuration, NullLogger.Instance, timeout.Token));

        Assert.Equal("Bai:Postgres:Port must be a TCP port number (1-65535), not 'http'.", error.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class WarningRecorder : ILogger
    {
        public List<string> Warnings { get; } = [];

        public List<string> Information { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
            else if (logLevel == LogLevel.Information)
            {
                Information.Add(formatter(state, exception));
            }
        }
    }
}
