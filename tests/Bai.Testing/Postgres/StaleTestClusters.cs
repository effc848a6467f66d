namespace Bai.Testing.Postgres;

using Bai.Core;
using Bai.Core.Postgres;

/// <summary>
/// Removes the clusters of test processes that died without their exit handler (a killed or timed-out test
/// host): stops whatever still runs in them and deletes the folder. A folder counts as stale when no live
/// process is registered in it, nobody holds its lock, and it has not changed for a while (one being created
/// right now has neither a client nor, for a moment, its lock).
/// </summary>
internal static class StaleTestClusters
{
    public const string Prefix = "bai-test-postgres-";

    private static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(5);

    public static async Task SweepAsync(string parent)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent, Prefix + "*"))
        {
            try
            {
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < MinimumAge || await IsInUseAsync(folder))
                {
                    continue;
                }

                foreach (var pid in ClusterProcesses.Find(Path.Combine(folder, "server", "data")))
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Another process is sweeping it, or it is not ours to remove: leave it.
            }
        }
    }

    private static async Task<bool> IsInUseAsync(string folder)
    {
        var clients = Path.Combine(folder, "clients");
        if (Directory.Exists(clients) && new ClientRegistry(clients).PruneAndCount() > 0)
        {
            return true;
        }

        try
        {
            using var held = await StateLock.AcquireAsync(Path.Combine(folder, "lock"), TimeSpan.Zero, CancellationToken.None);
            return false;
        }
        catch (BaiEnvironmentException)
        {
            return true;
        }
    }
}
