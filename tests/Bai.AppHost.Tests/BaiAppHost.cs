namespace Bai.AppHost.Tests;

/// <summary>Starts Bai.AppHost as <c>dotnet run --project Bai.AppHost</c> would, and waits for its workers.</summary>
internal static class BaiAppHost
{
    // The first run pulls the postgres image and builds both workers.
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    // A migration of the committed sample plus its verification, with a wide margin.
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    // One query against bai_db or the sample after the run.
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Builds and starts the AppHost with <paramref name="args"/> as its command line (configuration such as
    /// <c>--Bai:SqlitePath=...</c>). StartAsync returns once the resources held by WaitForCompletion
    /// were released, so it gets its own timeout.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(string[] args, CancellationToken cancellationToken)
    {
        var appHost = await DistributedApplicationTestingBuilder
            .CreateAsync<Projects.Bai_AppHost>(args, cancellationToken)
            .WaitAsync(StartTimeout, cancellationToken);
        var app = await appHost.BuildAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until <paramref name="resourceName"/> has ended: exited with a known exit code, or was never
    /// started (<see cref="KnownResourceStates.FailedToStart"/>). A project that exits is Finished whatever
    /// its exit code, so callers look at <c>Snapshot.ExitCode</c>.
    /// </summary>
    public static Task<ResourceEvent> WaitForEndAsync(
        DistributedApplication app, string resourceName, CancellationToken cancellationToken) =>
        app.ResourceNotifications
            .WaitForResourceAsync(resourceName, HasEnded, cancellationToken)
            .WaitAsync(RunTimeout, cancellationToken);

    private static bool HasEnded(ResourceEvent resourceEvent) =>
        resourceEvent.Snapshot.State?.Text is { } state
        && KnownResourceStates.TerminalStates.Contains(state)
        && (resourceEvent.Snapshot.ExitCode is not null || state == KnownResourceStates.FailedToStart);
}
