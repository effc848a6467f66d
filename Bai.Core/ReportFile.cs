namespace Bai.Core;

using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// Writes a JSON report whole or not at all (<see cref="WholeFile"/>): a run killed, a disk filled or a serializer
/// failing half way never leaves a torn report where CI parses one, and never destroys the report a previous run left
/// at that path.
/// </summary>
public static class ReportFile
{
    /// <summary>How both workers' reports read: indented camelCase, values shown as they are (accents, CJK); a report
    /// is a file, not HTML.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Where a report goes: the path asked for (--report), into it under <paramref name="name"/> when that is a folder
    /// (one that exists, or a path ending in a separator: "Is a directory" ended a finished run with exit 1), else
    /// <paramref name="name"/> in <paramref name="defaultFolder"/>.
    /// </summary>
    public static string PathFor(string? requested, string defaultFolder, string name) => Path.GetFullPath(
        requested is null ? Path.Combine(defaultFolder, name)
        : IsFolder(requested) ? Path.Combine(requested, name)
        : requested);

    /// <summary>
    /// A device, FIFO or socket (<see cref="FileKind"/>), or a path in or linked into <c>/dev</c> (not the files of
    /// <c>/dev/shm</c>) or <c>/proc</c>: <c>/dev/stdout</c> is the process's own output, which may be a log file
    /// that a rename would replace.
    /// </summary>
    public static bool WrittenInPlace(string path) =>
        FileKind.IsSpecial(path) || InSystemFolders(path) || (new FileInfo(path).LinkTarget is { } link && InSystemFolders(link));

    private static bool InSystemFolders(string path) =>
        path.StartsWith("/proc/", StringComparison.Ordinal)
        || (path.StartsWith("/dev/", StringComparison.Ordinal) && !path.StartsWith("/dev/shm/", StringComparison.Ordinal));

    /// <summary>Whether --report names a folder: one that exists, or a path ending in a separator.</summary>
    public static bool IsFolder(string requested) => Directory.Exists(requested) || Path.EndsInDirectorySeparator(requested);

    /// <summary>Fails before the run when the report could not be written at its end (see <see cref="WritableFolder"/>).</summary>
    public static void EnsureWritable(string path)
    {
        var full = Path.GetFullPath(path);
        if (!WrittenInPlace(full))
        {
            WritableFolder.Ensure(Path.GetDirectoryName(full)!, "The report folder",
                "give --report a path this user may write, or set Bai:StateFolder (or Bai__StateFolder in the environment) to a folder this user may write");
        }
    }

    public static async Task WriteAsync<T>(string path, T report, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (WrittenInPlace(full))
        {
            // /dev/null discards it, /dev/stdout or a FIFO passes it on: written into, as any Unix tool would; the
            // rename below would replace the device itself (as root, /dev/null became a root-only regular file).
            await using var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await JsonSerializer.SerializeAsync(stream, report, Json, cancellationToken);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // A link to a report file: the file it names is replaced, whole, and the link stays.
        if (new FileInfo(full) is { LinkTarget: not null } link)
        {
            full = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        // Owner-only: a migration's report lists rejected rows whole, customers' data like the snapshot.
        await WholeFile.WriteAsync(full, (stream, token) => JsonSerializer.SerializeAsync(stream, report, Json, token), cancellationToken);
    }
}
