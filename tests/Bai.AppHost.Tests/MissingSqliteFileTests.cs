namespace Bai.AppHost.Tests;

/// <summary>A migration that cannot run must stop the flow: the verifier never starts after it.</summary>
public sealed class MissingSqliteFileTests
{
    [Fact]
    public async Task A_missing_sqlite_file_makes_the_migrator_exit_3_and_leaves_the_verifier_not_started()
    {
        using var timeout = new CancellationTokenSource(BaiAppHost.StartTimeout + BaiAppHost.RunTimeout * 2);
        var cancellationToken = timeout.Token;
        var missing = Path.Combine(Path.GetTempPath(), $"bai-missing-{Guid.NewGuid():N}.db");

        await using var app = await BaiAppHost.StartAsync([$"--Bai:SqlitePath={missing}"], cancellationToken);
        var migrator = await BaiAppHost.WaitForEndAsync(app, "migrator", cancellationToken);
        var verifier = await BaiAppHost.WaitForEndAsync(app, "verifier", cancellationToken);

        // 3: configuration or environment (data-rules.md: a missing file is an environment error).
        Assert.Equal(3, migrator.Snapshot.ExitCode);
        Assert.Equal(KnownResourceStates.FailedToStart, verifier.Snapshot.State?.Text);
        Assert.Null(verifier.Snapshot.ExitCode);
        // Opening the source must never create it (the SQLite file is only ever read).
        Assert.False(File.Exists(missing));
    }
}
