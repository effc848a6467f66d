namespace Bai.Reliability.Tests.Support;

using Bai.SampleData;

/// <summary>One generated file (<see cref="Workspace.SmallFile"/>) per test class; each test copies it into its own workspace.</summary>
public sealed class SourceFileFixture : IAsyncLifetime, IDisposable
{
    private readonly Workspace workspace = new();

    public string Path => workspace.SqlitePath;

    public SampleSummary Summary { get; private set; } = null!;

    public async Task InitializeAsync() => Summary = await workspace.GenerateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => workspace.Dispose();
}
