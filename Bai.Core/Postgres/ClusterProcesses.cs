namespace Bai.Core.Postgres;

using System.Globalization;

/// <summary>
/// The processes of a cluster, found by their working directory: the postmaster and every backend it forks
/// chdir into the data folder, so this also finds children orphaned by a killed postmaster.
/// </summary>
internal static class ClusterProcesses
{
    public static IReadOnlyList<int> Find(string dataDirectory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (IsOurs(pid, dataDirectory))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    public static bool IsOurs(int pid, string dataDirectory)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget == dataDirectory;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or another user's process, which cannot be ours.
            return false;
        }
    }
}
