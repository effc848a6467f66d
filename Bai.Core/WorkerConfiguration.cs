namespace Bai.Core;

using Microsoft.Extensions.Configuration;

/// <summary>
/// The configuration both workers read before their host exists (to resolve paths for the command line):
/// appsettings.json in the working directory, then the environment, as the host itself reads them.
/// </summary>
public static class WorkerConfiguration
{
    /// <param name="overrides">Settings that win over files and the environment (tests run several workers in one process).</param>
    public static IConfiguration Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null) => new ConfigurationBuilder()
        .SetBasePath(Directory.GetCurrentDirectory())
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddInMemoryCollection(overrides ?? [])
        .Build();

    /// <summary>Snapshots, reports and the embedded PostgreSQL live here: <c>Bai:StateFolder</c>, else <c>.bai</c> in the working directory.</summary>
    public static string StateFolder(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Bai:StateFolder"] ?? ".bai");

    /// <summary>
    /// The committed sample, found from the working directory upwards, so <c>dotnet run --project Bai.Migrator</c>
    /// works from the repository root and from the project's own folder.
    /// </summary>
    public static string DefaultSample()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "samples", "bai-sample.db");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine("samples", "bai-sample.db"));
    }
}
