namespace Bai.Verifier.Tests;

using System.Diagnostics;
using Bai.Core;
using Microsoft.Data.Sqlite;

/// <summary>The verifier's command line, run as the process a user starts.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-verifier-command-line-").FullName;

    /// <summary>
    /// A --report folder this user cannot write is named before any server starts (README "Exit 3, the folders the
    /// tools write (checked before any work)"). With no ConnectionStrings:bai-db it was named only after the embedded
    /// PostgreSQL had been initialised in the state folder and started, and the source looked up in its ledger.
    /// </summary>
    [Fact]
    public async Task A_report_folder_that_cannot_be_written_is_named_before_any_server_starts()
    {
        var source = Path.Combine(folder, "source.db");
        using (var connection = new SqliteConnection($"Data Source={source};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE t (x)";
            create.ExecuteNonQuery();
        }

        // A regular file where the report's folder would be: no folder can be made there, even by root.
        var notAFolder = Path.Combine(folder, "not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "x");

        var (exitCode, output, errors) = await RunVerifierAsync("--sqlite", source, "--report", Path.Combine(notAFolder, "verification.json"));

        Assert.True(exitCode == ExitCodes.Environment, $"exit {exitCode}\n{output}\n{errors}");
        Assert.StartsWith($"The report folder '{notAFolder}' cannot be written (", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "state", "postgres")), "the embedded PostgreSQL was set up before the report folder was checked");
    }

    /// <summary>
    /// The application's SQLAlchemy URL as --sqlite names the file it points at: it read as a relative path,
    /// "'&lt;cwd&gt;/sqlite:/...' does not exist".
    /// </summary>
    [Fact]
    public async Task A_sqlalchemy_url_as_the_sqlite_option_names_the_file_it_points_at()
    {
        var missing = Path.Combine(folder, "no-such.db");

        var (exitCode, _, errors) = await RunVerifierAsync("--sqlite", $"sqlite:///{missing}");

        Assert.True(exitCode == ExitCodes.Environment, $"exit {exitCode}\n{errors}");
        Assert.Equal($"The SQLite source '{missing}' does not exist; give the path of the BAI database file with --sqlite PATH.", errors.TrimEnd());
    }

    /// <summary>
    /// The help names each value as the README's usage line writes it (PATH, the checks' names): --checks showed
    /// "--checks &lt;checks&gt;", which said nothing of what it takes.
    /// </summary>
    [Fact]
    public async Task The_help_names_the_values_as_the_readme_does()
    {
        using var output = new StringWriter();

        var exit = await VerifierCommand.Create((_, _) => Task.FromResult(0)).Parse(["--help"])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(0, exit);
        var help = output.ToString();
        foreach (var usage in new[] { "--sqlite <PATH>", "--report <PATH>", "--checks <schema,counts,content,references,isolation,sequences,crud,plans>" })
        {
            Assert.Contains(usage, help, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The verifier as a user starts it, with no target configured and a state folder of the test's own.</summary>
    private async Task<(int ExitCode, string Output, string Errors)> RunVerifierAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        string[] all = ["exec", Path.Combine(AppContext.BaseDirectory, "Bai.Verifier.dll"), .. arguments];
        foreach (var arg in all)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Bai__StateFolder"] = Path.Combine(folder, "state");
        start.Environment.Remove("ConnectionStrings__bai-db");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await process.WaitForExitAsync(timeout.Token);
        }

        return (process.ExitCode, await output, await errors);
    }
}
