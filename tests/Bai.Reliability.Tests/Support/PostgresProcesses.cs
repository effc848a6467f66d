namespace Bai.Reliability.Tests.Support;

using System.Globalization;

/// <summary>
/// The PostgreSQL processes of a cluster under <paramref name="folder"/>: the postmaster and every backend chdir
/// into the data folder, so their working directory names the cluster (as Bai.Core's ClusterProcesses finds them).
/// </summary>
public static class PostgresProcesses
{
    public static IReadOnlyList<int> Under(string folder)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget is { } cwd && cwd.StartsWith(folder + "/", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }

    /// <summary>Waits (bounded) for the cluster's processes to end, then returns those still there.</summary>
    public static async Task<IReadOnlyList<int>> LeftUnderAsync(string folder, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = Under(folder);
            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return left;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Every process's id and argument list (as /proc shows them to anyone on the machine).</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> CommandLines()
    {
        var found = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                found.Add((pid, File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }
}
