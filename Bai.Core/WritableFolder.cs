namespace Bai.Core;

/// <summary>
/// Proves before the work that a folder the run ends by writing in can be written: a state folder in a container's
/// read-only file system, or one owned by another user, otherwise failed after the copy or the checks, with .NET's
/// "Access to the path is denied" and exit 1.
/// </summary>
public static class WritableFolder
{
    /// <summary>Creates <paramref name="folder"/> if needed and writes and removes an empty file in it.</summary>
    /// <param name="what">What the folder holds, for the sentence ("The snapshot folder").</param>
    /// <param name="fix">How the user points the run elsewhere.</param>
    public static void Ensure(string folder, string what, string fix)
    {
        var full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
            using (File.Create(Path.Combine(full, $".bai-write-probe.{Environment.ProcessId}"), 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new BaiEnvironmentException($"{what} '{full}' cannot be written ({e.Message.TrimEnd('.')}); {fix}.", e);
        }
    }
}
