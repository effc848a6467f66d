namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

/// <summary>Starts, uses and stops the embedded PostgreSQL, as whoever runs it; prints what the test checks.</summary>
internal static class NonRootProbe
{
    public static async Task<int> RunAsync(string stateDirectory)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string dataDirectory;
        await using (var server = await EmbeddedPostgres.StartAsync(new() { StateDirectory = stateDirectory, Durable = false }, NullLogger.Instance, timeout.Token))
        {
            dataDirectory = server.DataDirectory;
            await using var connection = new NpgsqlConnection(server.ApplicationConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT current_user || '@' || current_database()", connection);
            Console.WriteLine($"connected {await command.ExecuteScalarAsync(timeout.Token)}");
        }

        Console.WriteLine($"privileged {Environment.IsPrivilegedProcess} leftover {ClusterProcesses.Find(dataDirectory).Count}");
        return 0;
    }
}
