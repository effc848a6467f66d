namespace Bai.Migrator.Tests.Environment;

using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;
using static Bai.Migrator.Tests.Environment.EnvironmentFault;

/// <summary>
/// Faults of the file the user names as the SQLite source: missing, a folder or a FIFO, not SQLite, empty or cut short,
/// storing text as UTF-16, damaged where SQLite still reads it, or indexed by its application's own collation. Each is
/// <see cref="EnvironmentFault"/>'s one sentence, and the file is never touched.
/// </summary>
public sealed class SourceFileFaultTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-environment-").FullName;

    [Fact]
    public async Task A_missing_sqlite_file_is_named()
    {
        var path = Path.Combine(folder, "nowhere.db");

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path, "does not exist");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_folder_instead_of_a_sqlite_file_is_named()
    {
        var path = Directory.CreateDirectory(Path.Combine(folder, "data.db")).FullName;

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path, "is a folder");
        Assert.Empty(Directory.EnumerateFileSystemEntries(path));
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_named()
    {
        var path = Path.Combine(folder, "export.csv");
        await File.WriteAllTextAsync(path, "id,account_id,name\n1,acme,Widget\n");
        var hash = Hash(path);

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path, "is not a SQLite database");
        Assert.Equal(hash, Hash(path));
    }

    /// <summary>
    /// A FIFO in the file's place: opening it waits for a writer, and the migrator hung there without a word. Refused
    /// before it is opened, by its length.
    /// </summary>
    [Fact]
    public async Task A_fifo_instead_of_a_file_is_named_without_waiting_for_a_writer()
    {
        var path = Path.Combine(folder, "bai.db");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path, "or is a FIFO rather than a file");
    }

    /// <summary>A file shorter than its header says (an interrupted copy) is said as such, not only as "malformed".</summary>
    [Fact]
    public async Task A_file_cut_short_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var path = Path.Combine(folder, "cut.db");
        var bytes = await File.ReadAllBytesAsync(source.Path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        var hash = Hash(path);

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path, "is cut short");
        Assert.Contains("as an interrupted copy leaves a file", run.Sentence, StringComparison.Ordinal);
        Assert.Equal(hash, Hash(path));
    }

    [Fact]
    public async Task An_empty_file_is_named()
    {
        var path = Path.Combine(folder, "empty.db");
        await File.WriteAllBytesAsync(path, []);

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path, "is empty");
        Assert.Empty(await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_source_that_stores_text_as_utf16_is_named_not_its_snapshot()
    {
        var path = Path.Combine(folder, "utf16.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA encoding = 'UTF-16le'; CREATE TABLE organizations (id INTEGER PRIMARY KEY, account_id VARCHAR(100)); INSERT INTO organizations VALUES (1, 'é');";
            command.ExecuteNonQuery();
        }

        var hash = Hash(path);

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path, "stores text as UTF-16");
        Assert.DoesNotContain("backups", run.Errors, StringComparison.Ordinal);
        Assert.Equal(hash, Hash(path));
    }

    /// <summary>
    /// A table whose b-tree lost a child page reads without an error, only with fewer rows: the run loaded the rest,
    /// exit 0, and the verifier, reading the same damaged tree, agreed. SQLite's quick_check of the snapshot finds it.
    /// </summary>
    [Fact]
    public async Task A_damaged_table_that_sqlite_still_reads_is_refused_before_anything_is_loaded()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        LostChildPage.Damage(source.Path, "invoice_items");
        source.Changed();
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--bad-rows", "quarantine");

        AssertEnvironmentFault(run, source.Path, "is damaged: SQLite's quick_check found");
        Assert.Contains("never used", run.Sentence, StringComparison.Ordinal);
        Assert.All(await TargetDatabase.TablesAsync(database), t => Assert.StartsWith("bai_migration.", t, StringComparison.Ordinal));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A collation the application registers on its own connections (Python's create_collation), named by an index of
    /// the file: SQLite refuses every statement that needs it, and the count check after the commit ended the run with
    /// exit 1. The tools stand in for it byte by byte and say so; the rows are the same either way.
    /// </summary>
    [Fact]
    public async Task A_collation_the_application_registers_is_stood_in_for_and_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit(connection =>
        {
            connection.CreateCollation("unicode_ci", (a, b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase));
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE INDEX ix_customers_name_ci ON customers (name COLLATE unicode_ci)";
            command.ExecuteNonQuery();
        });
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("collations its application registers (unicode_ci)", run.Output, StringComparison.Ordinal);
        using (var connection = source.OpenReadOnly())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM customers NOT INDEXED";
            Assert.Equal((long)command.ExecuteScalar()!, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM customers"));
        }

        source.AssertUnchanged();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
