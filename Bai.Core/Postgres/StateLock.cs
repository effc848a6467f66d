namespace Bai.Core.Postgres;

/// <summary>
/// An exclusive lock on the state folder while a process starts or stops the cluster. On Linux .NET takes it
/// with flock(2) on the open file, so the kernel releases it when the holder dies: a killed run never leaves
/// a stale lock behind.
/// </summary>
internal sealed class StateLock : IDisposable
{
    private readonly FileStream stream;

    private StateLock(FileStream stream) => this.stream = stream;

    public static async Task<StateLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new StateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (IOException ex)
            {
                throw new BaiEnvironmentException(
                    $"Another process has held the PostgreSQL state folder lock '{path}' for over {timeout.TotalSeconds:0} seconds; wait for it to finish or use another Bai:Postgres:StateDirectory.", ex);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
