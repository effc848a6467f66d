namespace Bai.Core.Postgres;

/// <summary>
/// The live users of a running cluster, one file each (named by process id and a per-instance id, holding the
/// process start time so a recycled pid does not count). The last one out stops the server; a crashed user
/// simply stops counting. Only read and written under the <see cref="StateLock"/>.
/// </summary>
internal sealed class ClientRegistry(string directory)
{
    public string Register()
    {
        var path = Path.Combine(directory, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        File.WriteAllText(path, StartTicks(Environment.ProcessId) ?? string.Empty);
        return path;
    }

    public static void Unregister(string registration) => File.Delete(registration);

    /// <summary>Removes the files of processes that are gone and returns how many users remain.</summary>
    public int PruneAndCount()
    {
        var live = 0;
        foreach (var file in Directory.GetFiles(directory))
        {
            if (IsAlive(file))
            {
                live++;
            }
            else
            {
                File.Delete(file);
            }
        }

        return live;
    }

    private static bool IsAlive(string file)
    {
        var name = Path.GetFileName(file);
        if (!int.TryParse(name.AsSpan(0, Math.Max(0, name.IndexOf('-', StringComparison.Ordinal))), out var pid)
            || File.ReadAllText(file) is not { Length: > 0 } recorded)
        {
            return false;
        }

        return StartTicks(pid) == recorded;
    }

    /// <summary>Field 22 of /proc/PID/stat: the start time in clock ticks since boot, exact and stable for a process.</summary>
    private static string? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
