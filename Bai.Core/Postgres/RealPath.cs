namespace Bai.Core.Postgres;

/// <summary>
/// A path with every symbolic link resolved, as the kernel reports a process's working directory
/// (<c>/proc/PID/cwd</c>): that is how we recognise the processes of our cluster.
/// </summary>
internal static class RealPath
{
    public static string Of(string fullPath)
    {
        var result = Path.GetPathRoot(fullPath) ?? "/";
        foreach (var part in fullPath[result.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(result, part);
            var info = new FileInfo(next);
            var target = info.Exists || Directory.Exists(next) ? info.ResolveLinkTarget(returnFinalTarget: true) : null;
            result = target is null ? next : Of(target.FullName);
        }

        return result;
    }
}
