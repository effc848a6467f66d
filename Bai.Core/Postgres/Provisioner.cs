namespace Bai.Core.Postgres;

/// <summary>
/// Creates bai_user and bai_db by running the repository's <c>setup_postgres.sql</c> with the server's own psql
/// (the script uses psql meta-commands, so it is not split and sent through Npgsql). The superuser password
/// travels in PGPASSWORD and bai_user's on psql's standard input: neither appears in an argument list.
/// </summary>
internal static class Provisioner
{
    public const string ApplicationRole = "bai_user";
    public const string ApplicationDatabase = "bai_db";
    public const string Superuser = "postgres";

    public static string Script { get; } = LoadScript();

    public static async Task RunAsync(PostgresBinaries binaries, int port, string superuserPassword, string applicationPassword, CancellationToken cancellationToken)
    {
        var command = new ProcessCommand(
            binaries.Psql,
            ["--no-psqlrc", "--quiet", "--host=127.0.0.1", $"--port={port}", $"--username={Superuser}", "--dbname=postgres"])
        {
            // Inherited PGHOST, PGSERVICE, PGSSLMODE... must not redirect or alter this connection.
            RemoveInherited = name => name.StartsWith("PG", StringComparison.Ordinal) || name == "BAI_PASSWORD",
            Environment = new Dictionary<string, string?>
            {
                ["PGPASSWORD"] = superuserPassword,
                ["PGCONNECT_TIMEOUT"] = "10",
                ["PGAPPNAME"] = "bai-provisioning",
            },
            StandardInput = $"\\set bai_password '{applicationPassword}'\n{Script}",
        };

        var result = await ProcessRunner.RunAsync(command, TimeSpan.FromMinutes(2), cancellationToken);
        if (result.ExitCode != 0)
        {
            var detail = result.Tail(300).Replace(applicationPassword, "***", StringComparison.Ordinal)
                .Replace(superuserPassword, "***", StringComparison.Ordinal)
                .ReplaceLineEndings(" ");
            throw new BaiEnvironmentException($"setup_postgres.sql failed on the embedded PostgreSQL (psql exit code {result.ExitCode}): {detail}");
        }
    }

    private static string LoadScript()
    {
        using var stream = typeof(Provisioner).Assembly.GetManifestResourceStream("setup_postgres.sql")
            ?? throw new InvalidOperationException("setup_postgres.sql is missing from Bai.Core's resources.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
