namespace Bai.Core.Postgres;

using System.Collections.Concurrent;
using Npgsql;

/// <summary>
/// The server processes of a worker's connections to the target, as its data source opens them (a physical connection
/// initializer; EF's connections are the same data source's): the sessions whose lock waits <see cref="LockWaitWatch"/>
/// looks for when a step reads on several connections at once, as the verifier's checks do.
/// </summary>
public sealed class TargetSessions
{
    private readonly ConcurrentDictionary<int, byte> processIds = new();

    public IReadOnlyCollection<int> ProcessIds => [.. processIds.Keys];

    public void Add(NpgsqlConnection connection) => processIds.TryAdd(connection.ProcessID, 0);

    /// <summary>Adds every physical connection <paramref name="builder"/>'s data source opens.</summary>
    public void Follow(NpgsqlDataSourceBuilder builder) =>
        builder.UsePhysicalConnectionInitializer(Add, connection =>
        {
            Add(connection);
            return Task.CompletedTask;
        });
}
