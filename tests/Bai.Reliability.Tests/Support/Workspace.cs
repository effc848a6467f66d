namespace Bai.Reliability.Tests.Support;

using System.Security.Cryptography;
using Bai.SampleData;

/// <summary>A temporary folder for one test: the SQLite source, the migrator's state folder, reports, markers.</summary>
public sealed class Workspace : IDisposable
{
    /// <summary>Small enough for CI, large enough that the largest table (invoice_items) reports progress mid-copy.</summary>
    public static readonly SampleOptions SmallFile = new() { Accounts = 6, InvoicesPerAccount = 1500, Seed = 8 };

    public Workspace()
    {
        Folder = Directory.CreateTempSubdirectory("bai-reliability-").FullName;
        // The embedded PostgreSQL's account (postgres, when we run as root) must be able to enter it.
        File.SetUnixFileMode(Folder, (UnixFileMode)0b111_101_101);
    }

    public string Folder { get; }

    public string StateFolder => Path.Combine(Folder, "state");

    /// <summary>Where the embedded PostgreSQL lives when a test uses it (under /tmp, which its account can enter).</summary>
    public string PostgresState => Path.Combine(Folder, "postgres");

    public string PauseMarker => Path.Combine(Folder, "paused");

    public string SqlitePath => Path.Combine(Folder, "bai.db");

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public async Task<SampleSummary> GenerateAsync(SampleOptions? options = null) =>
        await SampleGenerator.GenerateAsync(SqlitePath, options ?? SmallFile, CancellationToken.None);

    public void CopySource(string path) => File.Copy(path, SqlitePath, overwrite: true);

    public string NewReportPath() => Path.Combine(Folder, $"report-{Guid.NewGuid():N}.json");

    public void Dispose()
    {
        // Snapshots and the read-only test's files are made read-only on purpose: give the write bits back first.
        foreach (var entry in Directory.EnumerateFileSystemEntries(Folder, "*", SearchOption.AllDirectories).Prepend(Folder))
        {
            try
            {
                File.SetUnixFileMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_111_101 : (UnixFileMode)0b110_110_100);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The embedded cluster's own files: the recursive delete below deals with them as root.
            }
        }

        Directory.Delete(Folder, recursive: true);
    }
}
