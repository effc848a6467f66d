namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Microsoft.Extensions.Configuration;
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

    [Fact]
    public async Task An_invalid_port_setting_fails_with_one_sentence()
    {
        var configuration = Configuration(new() { ["Bai:Postgres:Port"] = "http" });

        var error = await Assert.ThrowsAsync<BaiEnvironmentException>(() => PostgresTarget.ResolveAsync(configuration, NullLogger.Instance, timeout.Token));

        Assert.Equal("Bai:Postgres:Port must be a TCP port number (1-65535), not 'http'.", error.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
