namespace Bai.Migrator.Tests.Support;

using System.Security.Cryptography;
using System.Text.Json;
using Bai.SampleData;

/// <summary>
/// Runs the real migrator (its Main, in process) against a test database and a generated SQLite file, with its
/// own state folder, and keeps the SQLite file's hash to prove it was never written.
/// </summary>
public sealed class MigratorHarness(string connectionString) : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("bai-migrator-test-").FullName;

    public string StateFolder => Path.Combine(Folder, "state");

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public async Task<(string Path, SampleSummary Summary)> GenerateAsync(SampleOptions options, string name = "bai.db")
    {
        var path = Path.Combine(Folder, name);
        var summary = await SampleGenerator.GenerateAsync(path, options, CancellationToken.None);
        return (path, summary);
    }

    public async Task<MigratorRunResult> RunAsync(string sqlitePath, params string[] args)
    {
        var report = Path.Combine(Folder, $"report-{Guid.NewGuid():N}.json");
        var errors = new StringWriter();
        var code = await MigratorEntryPoint.RunAsync(
            ["--sqlite", sqlitePath, "--report", report, .. args],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:bai-db"] = connectionString,
                ["Bai:StateFolder"] = StateFolder,
            },
            errors);
        var document = File.Exists(report) ? JsonDocument.Parse(await File.ReadAllTextAsync(report)) : null;
        return new MigratorRunResult(code, errors.ToString(), document);
    }

    public void Dispose()
    {
        // Snapshots are made read-only on purpose; give the folder back its write bit to delete it.
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Folder, recursive: true);
    }
}
