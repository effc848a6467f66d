namespace Bai.AppHost.Tests;

/// <summary>
/// One run of the AppHost as configured in the repository (the committed sample, a fresh container),
/// shared by the tests that inspect its outcome. Each start gets a new container, so a new bai_db.
/// </summary>
public sealed class SampleMigrationRun : IAsyncLifetime
{
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public ResourceEvent Migrator { get; private set; } = null!;

    public ResourceEvent Verifier { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(BaiAppHost.StartTimeout + BaiAppHost.RunTimeout * 2);
        _app = await BaiAppHost.StartAsync([], timeout.Token);
        Migrator = await BaiAppHost.WaitForEndAsync(_app, "migrator", timeout.Token);
        Verifier = await BaiAppHost.WaitForEndAsync(_app, "verifier", timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
