namespace Bai.Migrator.Tests;

using Bai.Core;

/// <summary>The migrator's own option values, named when wrong (exit 3) before anything is done.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string stateFolder = Directory.CreateTempSubdirectory("bai-command-line-").FullName;

    /// <summary>"abc" used to abort the process (exit 134): the range validator read a value that could not be converted.</summary>
    [Theory]
    [InlineData("--source-lock-wait", "abc", "--source-lock-wait takes seconds from 0 to 86400.")]
    [InlineData("--source-lock-wait", "-5", "--source-lock-wait takes seconds from 0 to 86400.")]
    [InlineData("--source-lock-wait", "86401", "--source-lock-wait takes seconds from 0 to 86400.")]
    [InlineData("--bad-rows", "maybe", "--bad-rows takes fail or quarantine.")]
    [InlineData("--bad-rows", "1", "--bad-rows takes fail or quarantine.")]
    [InlineData("--bad-rows", "7", "--bad-rows takes fail or quarantine.")]
    public async Task A_wrong_option_value_is_named_before_anything_is_done(string option, string value, string says)
    {
        using var error = new StringWriter();
        var configuration = new Dictionary<string, string?> { ["Bai:StateFolder"] = stateFolder };

        var code = await MigratorEntryPoint.RunAsync(["--sqlite", Path.Combine(stateFolder, "source.db"), option, value], configuration, error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains(says, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(stateFolder));
    }

    /// <summary>
    /// A mistyped source path is named before anything starts. With no ConnectionStrings:bai-db the embedded PostgreSQL
    /// was initialised in the state folder and started first (8 s on the development machine), then stopped again.
    /// </summary>
    [Fact]
    public async Task A_missing_source_is_named_before_any_server_starts()
    {
        var missing = Path.Combine(stateFolder, "no-such.db");
        using var error = new StringWriter();
        var configuration = new Dictionary<string, string?> { ["Bai:StateFolder"] = stateFolder };

        var code = await MigratorEntryPoint.RunAsync(["--sqlite", missing], configuration, error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Equal(
            $"The SQLite source '{missing}' does not exist; give the path of the BAI database file with --sqlite PATH or ConnectionStrings:bai-sqlite.",
            error.ToString().TrimEnd());
        Assert.Empty(Directory.EnumerateFileSystemEntries(stateFolder));
    }

    /// <summary>
    /// The application's SQLAlchemy URL given as the source names the file it points at: it read as a relative path,
    /// "'&lt;cwd&gt;/sqlite:/...' does not exist". Four slashes: an absolute path; a ?query is the driver's.
    /// </summary>
    [Theory]
    [InlineData("--sqlite")]
    [InlineData("ConnectionStrings:bai-sqlite")]
    public async Task A_sqlalchemy_url_as_the_source_names_the_file_it_points_at(string setting)
    {
        var missing = Path.Combine(stateFolder, "no-such.db");
        var url = $"sqlite:///{missing}?mode=ro";
        using var error = new StringWriter();
        var configuration = new Dictionary<string, string?> { ["Bai:StateFolder"] = stateFolder };
        string[] arguments = [];
        if (setting == "--sqlite")
        {
            arguments = ["--sqlite", url];
        }
        else
        {
            configuration[setting] = url;
        }

        var code = await MigratorEntryPoint.RunAsync(arguments, configuration, error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Equal(
            $"The SQLite source '{missing}' does not exist; give the path of the BAI database file with --sqlite PATH or ConnectionStrings:bai-sqlite.",
            error.ToString().TrimEnd());
        Assert.Empty(Directory.EnumerateFileSystemEntries(stateFolder));
    }

    /// <summary>
    /// A report folder this user cannot write is named before any server starts (README "Exit 3, the folders the tools
    /// write (checked before any work)"). With no ConnectionStrings:bai-db it was named only after the embedded
    /// PostgreSQL had been initialised in the state folder and started.
    /// </summary>
    [Fact]
    public async Task A_report_folder_that_cannot_be_written_is_named_before_any_server_starts()
    {
        var source = Path.Combine(stateFolder, "source.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={source};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE t (x)";
            create.ExecuteNonQuery();
        }

        // A regular file where the report's folder would be: no folder can be made there, even by root.
        var notAFolder = Path.Combine(stateFolder, "not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "x");
        using var error = new StringWriter();
        var configuration = new Dictionary<string, string?> { ["Bai:StateFolder"] = Path.Combine(stateFolder, "state") };

        var code = await MigratorEntryPoint.RunAsync(["--sqlite", source, "--report", Path.Combine(notAFolder, "migration.json")], configuration, error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.StartsWith($"The report folder '{notAFolder}' cannot be written (", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(stateFolder, "state", "postgres")), "the embedded PostgreSQL was set up before the report folder was checked");
    }

    public void Dispose() => Directory.Delete(stateFolder, recursive: true);
}
