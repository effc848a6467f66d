namespace Bai.Core;

/// <summary>
/// Writes a file whole or not at all: into a file of its own beside the target, flushed to disk, then renamed over
/// it. A run killed, a disk filled or a writer failing half way never leaves a torn file under the target's name, and
/// never destroys the file an earlier run left there. Owner-only (<see cref="OwnerOnlyFile"/>): what is written this
/// way (a report listing rejected rows, a snapshot's hash) sits beside customers' data.
/// </summary>
public static class WholeFile
{
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        // Beside the target, so the rename stays on one file system; the process id keeps two writers apart.
        var partial = $"{path}.{Environment.ProcessId}.partial";
        try
        {
            await using (var stream = OwnerOnlyFile.Open(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await write(stream, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
