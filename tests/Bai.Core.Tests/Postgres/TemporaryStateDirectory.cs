namespace Bai.Core.Tests.Postgres;

/// <summary>A state folder of one test, under the temp folder (reachable by the postgres account), deleted after.</summary>
internal sealed class TemporaryStateDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bai-pg-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
