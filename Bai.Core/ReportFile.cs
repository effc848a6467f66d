namespace Bai.Core;

using System.Text.Json;

/// <summary>
/// Writes a JSON report whole or not at all: into a file of its own beside the target, flushed to disk, then renamed
/// over it. A run killed, a disk filled or a serializer failing half way never leaves a torn report where CI parses
/// one, and never destroys the report a previous run left at that path.
/// </summary>
public static class ReportFile
{
    public static async Task WriteAsync<T>(string path, T report, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Beside the target, so the rename stays on one file system; the process id keeps two writers apart.
        var partial = $"{full}.{Environment.ProcessId}.partial";
        try
        {
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, report, options, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
