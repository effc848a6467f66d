namespace Bai.Core.Postgres;

/// <summary>The folder holding the PostgreSQL server programs (initdb, pg_ctl, postgres, psql).</summary>
internal sealed class PostgresBinaries(string binDirectory)
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres", "psql"];

    public string BinDirectory { get; } = binDirectory;

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string Psql => Path.Combine(BinDirectory, "psql");

    /// <summary>
    /// Finds the binaries: the configured folder (which then must be complete), else PATH, else
    /// <c>pg_config --bindir</c>, else the highest <c>/usr/lib/postgresql/*/bin</c> (Debian keeps them off PATH and
    /// its <c>/usr/bin/psql</c> is only a wrapper, so each candidate must hold all the programs itself).
    /// </summary>
    public static PostgresBinaries Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return IsComplete(full)
                ? new PostgresBinaries(full)
                : throw new BaiEnvironmentException(
                    $"The configured PostgreSQL bin folder '{full}' (Bai:Postgres:BinDirectory) does not contain initdb, pg_ctl, postgres and psql; point it at the server's bin folder or remove the setting.");
        }

        var found = Candidates().FirstOrDefault(IsComplete);
        return found is not null
            ? new PostgresBinaries(found)
            : throw new BaiEnvironmentException(
                "No PostgreSQL server binaries were found (PATH, pg_config --bindir, /usr/lib/postgresql/*/bin); install them with 'apt-get install postgresql', set Bai:Postgres:BinDirectory, or configure ConnectionStrings:bai-db to use an existing server.");
    }

    private static IEnumerable<string> Candidates()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var entry in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            // PATH usually holds symlinks (/usr/local/bin/pg_ctl); the real folder also has psql next to them.
            var initdb = Path.Combine(entry, "initdb");
            if (File.Exists(initdb))
            {
                var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true);
                yield return target is null ? entry : Path.GetDirectoryName(target.FullName) ?? entry;
                yield return entry;
            }
        }

        if (PgConfigBinDirectory() is { } fromPgConfig)
        {
            yield return fromPgConfig;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(x => x.Version >= 0)
                .OrderByDescending(x => x.Version);
            foreach (var (dir, _) in versions)
            {
                yield return Path.Combine(dir, "bin");
            }
        }
    }

    private static string? PgConfigBinDirectory()
    {
        try
        {
            var result = ProcessRunner.Run(new("pg_config", ["--bindir"]), TimeSpan.FromSeconds(10));
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or TimeoutException)
        {
            // No pg_config on this machine: the other candidates decide.
            return null;
        }
    }

    private static bool IsComplete(string directory) =>
        Directory.Exists(directory) && Required.All(name => File.Exists(Path.Combine(directory, name)));
}
