namespace Bai.Migrator.Tests.Environment;

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Disks;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// data-rules.md, "What the user gets": a fault of the environment is one clear sentence naming the thing, exit code 3,
/// and no stack trace; the source file is never touched. Each test runs the real executable.
/// </summary>
public sealed class EnvironmentFaultTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
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
    public async Task A_file_locked_by_a_writer_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        // A writer in the middle of a transaction: on a rollback-journal file, EXCLUSIVE keeps every reader out.
        using (var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source.Path, Pooling = false }.ConnectionString))
        {
            writer.Open();
            using (var begin = writer.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            // A short wait: the default 15 s is for users, the test only needs the sentence.
            var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", source.Path, "--no-verify", "--source-lock-wait", "1");

            using (var rollback = writer.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK";
                rollback.ExecuteNonQuery();
            }

            AssertEnvironmentFault(run, source.Path, "locked");
            Assert.Contains("within 1 s", run.Sentence, StringComparison.Ordinal);
            Assert.Contains("--source-lock-wait", run.Sentence, StringComparison.Ordinal);
        }

        source.AssertUnchanged();
    }

    [Fact]
    public async Task A_source_with_an_unfinished_write_is_named_and_left_as_it_is()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var path = HotJournal.LeaveUnfinishedWrite(source.Path, Path.Combine(folder, "interrupted.db"));
        var hashes = (Hash(path), Hash(path + "-journal"));

        var run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");

        AssertEnvironmentFault(run, path + "-journal", "unfinished write");
        Assert.Equal(hashes, (Hash(path), Hash(path + "-journal")));
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
    /// A WAL-mode source left with its '-wal' (the application was killed) in a folder the migrator may not write:
    /// SQLite cannot create the file's shared-memory index, so it cannot read it. Named with what to do, files untouched.
    /// </summary>
    [Fact]
    public async Task A_wal_source_in_a_folder_this_user_cannot_write_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        MigratorProcess run;
        string path;
        (string, string) hashes;
        using (var wal = WalLeftBehind.InReadOnlyFolder(source.Path, Path.Combine(folder, "read-only")))
        {
            path = wal.Path;
            hashes = (Hash(path), Hash(path + "-wal"));
            run = await MigratorProcess.RunAsync(folder, fixture.ConnectionString, "--sqlite", path, "--no-verify");
        }

        AssertEnvironmentFault(run, path + "-shm", "WAL mode");
        Assert.Contains("write access to the folder", run.Sentence, StringComparison.Ordinal);
        Assert.Equal(hashes, (Hash(path), Hash(path + "-wal")));
        Assert.False(File.Exists(path + "-shm"));
    }

    [Fact]
    public async Task A_table_another_session_holds_past_lock_timeout_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        Assert.Equal(ExitCodes.Success, (await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify")).ExitCode);

        // The application reading invoices in an open transaction; --reset must empty the table, so it waits for that lock.
        await using var reader = await database.OpenAsync();
        await using var transaction = await reader.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("LOCK TABLE invoices IN ACCESS SHARE MODE", reader, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString + ";Options=-c lock_timeout=500ms", "--sqlite", source.Path, "--no-verify", "--reset");

        AssertEnvironmentFault(run, "lock_timeout", "another session");
        Assert.Contains("nothing of this run was committed", run.Sentence, StringComparison.Ordinal);
        await transaction.RollbackAsync();
        Assert.Equal(TargetDatabase.SourceCount(source, "invoices"), await TargetDatabase.CountAsync(database, "SELECT count(*) FROM invoices"));
    }

    [Fact]
    public async Task An_unreachable_server_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var port = ClosedPort();
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Host = "127.0.0.1", Port = port, Timeout = 5 }.ConnectionString;

        var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, $"127.0.0.1:{port}", "unreachable");
        source.AssertUnchanged();
    }

    [Fact]
    public async Task A_wrong_password_is_named_without_showing_it()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Password = "not-the-password-4711" }.ConnectionString;

        var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, TestPostgres.ApplicationRole, "password");
        Assert.DoesNotContain("not-the-password-4711", run.Output + run.Errors, StringComparison.Ordinal);
        source.AssertUnchanged();
    }

    /// <summary>Npgsql's refusal to answer the server's password request was an unexpected error, exit 1.</summary>
    [Fact]
    public async Task A_connection_string_without_the_password_the_server_requires_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Password = null }.ConnectionString;

        var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, TestPostgres.ApplicationRole, "requires a password");
        Assert.Contains("add Password=... to it", run.Sentence, StringComparison.Ordinal);
        source.AssertUnchanged();
    }

    /// <summary>The server refuses the Options' settings as the connection starts: that was an unexpected error, exit 1.</summary>
    [Fact]
    public async Task A_typo_in_the_options_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Options = "-c max_parallel_maintenance_workers=6 -c maintenance_work_mem=224XB" }.ConnectionString;

        var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, "\"maintenance_work_mem\": \"224XB\"", "ConnectionStrings:bai-db's Options");
        source.AssertUnchanged();
    }

    /// <summary>Npgsql picks among several hosts by their role only: with one host its refusal was an unexpected failure, exit 1.</summary>
    [Fact]
    public async Task Target_session_attributes_with_one_host_are_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var connectionString = fixture.ConnectionString + ";Target Session Attributes=primary";

        var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, "Target Session Attributes", "multiple hosts");
        source.AssertUnchanged();
    }

    [Fact]
    public async Task A_missing_database_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = "bai_no_such_db" }.ConnectionString;

        var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, "bai_no_such_db", "no database");
        source.AssertUnchanged();
    }

    [Fact]
    public async Task A_connection_limit_is_named()
    {
        // The ledger's connection is the one the database allows; the copy's is refused.
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        await ScratchDatabase.ExecuteAsync(fixture.Server.AdminConnectionString, $"ALTER DATABASE {database.Name} CONNECTION LIMIT 1");

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, database.Name, "CONNECTION LIMIT");
        Assert.Contains("too many connections for database", run.Sentence, StringComparison.Ordinal);
        source.AssertUnchanged();
    }

    /// <summary>
    /// A limit the copy fits in and its verification does not (a database allowing 4 connections): the copy commits,
    /// then the verification cannot open its checks' connections. The run said "the target is as it was" and wrote no
    /// report, while the target held the new rows: now the sentence and the report say what committed.
    /// </summary>
    [Fact]
    public async Task A_verification_that_cannot_finish_after_the_commit_says_the_copy_committed()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        await ScratchDatabase.ExecuteAsync(fixture.Server.AdminConnectionString, $"ALTER DATABASE {database.Name} CONNECTION LIMIT 4");
        var reportPath = Path.Combine(folder, "committed.json");

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--report", reportPath);

        AssertEnvironmentFault(run, "the copy had committed, so the target holds this snapshot's rows, but their verification did not finish", "CONNECTION LIMIT");
        Assert.DoesNotContain("the target is as it was", run.Sentence, StringComparison.Ordinal);
        Assert.Equal(TargetDatabase.SourceCount(source, "invoice_items"), await TargetDatabase.CountAsync(database, "SELECT count(*) FROM invoice_items"));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        Assert.Equal(ExitCodes.Environment, report.RootElement.GetProperty("exitCode").GetInt32());
        Assert.EndsWith("; the verification did not finish", report.RootElement.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        // The ledger said "completed" (phase verify), which reads as verified: it says the copy alone is done.
        var (status, phase, message) = Assert.Single(await RunsAsync(database));
        Assert.Equal(("copied", "verify"), (status, phase));
        Assert.StartsWith("completed; the verification did not finish: ", message, StringComparison.Ordinal);
        Assert.Contains("CONNECTION LIMIT", message, StringComparison.Ordinal);
        source.AssertUnchanged();
    }

    /// <summary>
    /// The run after one whose verification did not finish copies nothing: the ledger's "copied" run holds this
    /// snapshot's rows, so they are counted and verified as an already migrated target's are, and once verified the
    /// run that copied them is recorded as completed.
    /// </summary>
    [Fact]
    public async Task The_run_after_an_unfinished_verification_verifies_the_copy_without_copying_again()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        await ScratchDatabase.ExecuteAsync(fixture.Server.AdminConnectionString, $"ALTER DATABASE {database.Name} CONNECTION LIMIT 4");
        Assert.Equal(ExitCodes.Environment, (await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path)).ExitCode);
        await ScratchDatabase.ExecuteAsync(fixture.Server.AdminConnectionString, $"ALTER DATABASE {database.Name} CONNECTION LIMIT -1");
        var reportPath = Path.Combine(folder, "rerun.json");

        var rerun = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--report", reportPath);

        Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        Assert.Equal("already migrated: nothing to do", report.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(1, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM bai_migration.loads"));
        var (status, phase, message) = Assert.Single(await RunsAsync(database));
        Assert.Equal(("completed", "verify"), (status, phase));
        Assert.EndsWith("; verified by a later run (exit 0)", message, StringComparison.Ordinal);
        source.AssertUnchanged();
    }

    [Fact]
    public async Task A_user_without_the_create_privilege_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var role = $"bai_reader_{Guid.NewGuid():N}"[..20];
        const string password = "reader-password-0815";
        await ScratchDatabase.ExecuteAsync(fixture.AdminConnectionString,
            $"CREATE ROLE {role} LOGIN PASSWORD '{password}'; GRANT CONNECT ON DATABASE {fixture.DatabaseName} TO {role}");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Username = role, Password = password }.ConnectionString;

            var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

            AssertEnvironmentFault(run, role, "privilege");
        }
        finally
        {
            await ScratchDatabase.ExecuteAsync(fixture.AdminConnectionString, $"REVOKE ALL ON DATABASE {fixture.DatabaseName} FROM {role}; DROP ROLE {role}");
        }

        source.AssertUnchanged();
    }

    /// <summary>
    /// Settings on the database that leave the migrator nowhere to write: read-only sessions (as on a hot standby, a read
    /// replica), or a search_path that names no existing schema. Named with the fix, nothing written.
    /// </summary>
    [Theory]
    [InlineData("default_transaction_read_only = on", "read-only", "hot standby")]
    [InlineData("search_path = ''", "search_path", "SET search_path = public")]
    public async Task A_database_setting_that_leaves_nowhere_to_write_is_named(string setting, string says, string fix)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        await ScratchDatabase.ExecuteAsync(fixture.Server.AdminConnectionString, $"ALTER DATABASE {database.Name} SET {setting}");

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, database.Name, says);
        Assert.Contains(fix, run.Sentence, StringComparison.Ordinal);
        Assert.Empty(await TargetDatabase.TablesAsync(database));
        source.AssertUnchanged();
    }

    /// <summary>A database that does not store UTF-8 (an older server's LATIN1) is named before anything is written.</summary>
    [Fact]
    public async Task A_database_that_does_not_store_utf8_is_named()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var name = $"bai_latin1_{Guid.NewGuid():N}"[..24];
        var owner = new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Username;
        await ScratchDatabase.ExecuteAsync(fixture.Server.AdminConnectionString,
            $"CREATE DATABASE {name} OWNER {owner} ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = name }.ConnectionString;
        try
        {
            var run = await MigratorProcess.RunAsync(folder, connectionString, "--sqlite", source.Path, "--no-verify");

            AssertEnvironmentFault(run, name, "LATIN1");
            Assert.Contains("ENCODING 'UTF8'", run.Sentence, StringComparison.Ordinal);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", connection);
            Assert.Equal(0L, await tables.ExecuteScalarAsync());
        }
        finally
        {
            // Only this test's pool: other classes' pooled sessions run in parallel on the same server.
            await using (var pooled = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            await ScratchDatabase.ExecuteAsync(fixture.Server.AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        source.AssertUnchanged();
    }

    /// <summary>
    /// A table another tool created (the guide's Alembic migration run on PostgreSQL, a pgloader rehearsal) is named,
    /// not met with "relation already exists", and left exactly as it was.
    /// </summary>
    [Fact]
    public async Task Tables_another_tool_created_are_named_and_left_alone()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        await ScratchDatabase.ExecuteAsync(database.ConnectionString,
            "CREATE TABLE organizations (id serial PRIMARY KEY, account_id varchar(50) NOT NULL, name text); INSERT INTO organizations (account_id, name) VALUES ('acct', 'kept')");

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify", "--reset");

        AssertEnvironmentFault(run, "organizations", "__EFMigrationsHistory");
        Assert.Equal(["bai_migration.loads", "bai_migration.rejected_rows", "bai_migration.runs", "public.organizations"], await TargetDatabase.TablesAsync(database));
        Assert.Equal(1, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM organizations WHERE name = 'kept'"));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A state folder whose disk cannot hold the snapshot is refused before anything is written: it used to fill the
    /// disk and end with "No space left on device", exit 1.
    /// </summary>
    [Fact]
    public async Task A_snapshot_that_does_not_fit_on_its_disk_is_refused_before_anything_is_written()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        using var disk = SmallDisk.Mount(kilobytes: (int)(new FileInfo(source.Path).Length / 1024 / 2));

        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, Path.Combine(disk.Path, "state", "backups"), "Bai:StateFolder");
        var length = new FileInfo(source.Path).Length;
        Assert.Matches($"needs up to ({Regex.Escape(DiskSpace.Describe(length))}|{length:N0} bytes) in ", run.Sentence);
        Assert.DoesNotMatch(@"needs up to (\S+ \S+) in .* has \1 free", run.Sentence);
        Assert.Empty(Directory.EnumerateFiles(disk.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(await TargetDatabase.TablesAsync(database));
        source.AssertUnchanged();
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

    /// <summary>
    /// --report naming a folder holds both reports, the migration's and its verification's, each under its own name;
    /// the verification's went beside the folder ("reports.verification.json"), or became a hidden ".verification.json"
    /// inside it when the path ended in a separator.
    /// </summary>
    [Theory]
    [InlineData("reports")]
    [InlineData("reports/")]
    public async Task A_report_folder_holds_both_reports(string reportFolder)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var reports = Directory.CreateDirectory(Path.Combine(folder, "reports")).FullName;

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--report", Path.Combine(folder, reportFolder));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        // The console wraps its lines at its width: compare with the output's words.
        Assert.Contains($"(exit 0); target: database {target.Database} on {target.Host}:{target.Port}; report: ", Regex.Replace(run.Output, @"\s+", " "), StringComparison.Ordinal);
        Assert.Equal(["migration-", "verification-"], Directory.EnumerateFiles(reports).Select(f => Path.GetFileName(f)[..(Path.GetFileName(f).IndexOf('-', StringComparison.Ordinal) + 1)]).Order());
        Assert.Empty(Directory.EnumerateFiles(folder, "*.json"));
    }

    /// <summary>
    /// A rerun of an unchanged source reuses its snapshot without copying the source first: its disk needs no room for
    /// a second copy. It used to copy, compare the hashes and delete the copy, and so refused the rerun (exit 3) on a
    /// disk with the snapshot and less than the source's size free.
    /// </summary>
    [Fact]
    public async Task A_rerun_of_an_unchanged_source_needs_no_room_for_a_second_copy()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var length = new FileInfo(source.Path).Length;
        using var disk = SmallDisk.Mount(kilobytes: (int)(length * 3 / 2 / 1024));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var first = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(DiskSpace.FreeBytes(disk.Path) < length, "the disk must lack room for a second copy for this test to mean anything");

        var rerun = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.ToString());
        Assert.Contains("The source is unchanged since snapshot", rerun.Output, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(disk.Path, "state", "backups"), "*.db"));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A disk with room for the copy and nothing more fills as the snapshot's hash is written. The copy used to get
    /// its final name first: the run said "Nothing was written" and left a full-size snapshot with an empty sidecar,
    /// which no later run reused or removed, so each was refused for want of room. Now nothing of it stays.
    /// </summary>
    [Fact]
    public async Task A_disk_that_fills_as_the_snapshot_is_named_keeps_nothing_of_it()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var length = new FileInfo(source.Path).Length;
        using var disk = SmallDisk.Mount(kilobytes: (int)(length / 1024));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, source.Path, "Nothing was written");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(disk.Path, "state", "backups")));
        source.AssertUnchanged();
    }

    /// <summary>What such a run of an earlier migrator left (a snapshot whose sidecar is empty) the next run removes.</summary>
    [Fact]
    public async Task A_snapshot_left_with_an_empty_sidecar_is_removed()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        var backups = Directory.CreateDirectory(Path.Combine(folder, "state", "backups")).FullName;
        var leftover = Path.Combine(backups, "source-20260101T000000Z.db");
        File.Copy(source.Path, leftover);
        File.WriteAllBytes(leftover + ".sha256", []);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.False(File.Exists(leftover));
        Assert.False(File.Exists(leftover + ".sha256"));
        Assert.Single(Directory.EnumerateFiles(backups, "*.db"));
    }

    /// <summary>
    /// --drop of a table or column the model has cannot be honoured (the model is migrated whole): refused before the
    /// copy, where it used to be ignored in silence and the column migrated all the same.
    /// </summary>
    [Theory]
    [InlineData("invoices.total")]
    [InlineData("Payments")]
    public async Task A_drop_of_what_the_model_has_is_refused(string dropped)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify", "--drop", dropped);

        AssertEnvironmentFault(run, $"'{dropped}'", "part of the BAI model");
        Assert.All(await TargetDatabase.TablesAsync(database), t => Assert.StartsWith("bai_migration.", t, StringComparison.Ordinal));
        if (!dropped.Contains('.', StringComparison.Ordinal))
        {
            // A model table is refused before anything starts: no snapshot taken, not even the ledger's tables made.
            Assert.False(Directory.Exists(Path.Combine(folder, ".bai", "backups")));
            Assert.Empty(await TargetDatabase.TablesAsync(database));
        }

        source.AssertUnchanged();
    }

    /// <summary>A --drop that matches nothing in the file (a typo, or flags shared by several files) is said, and the run goes on.</summary>
    [Fact]
    public async Task A_drop_that_matches_nothing_is_a_warning()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify", "--drop", "customers.loyalty_teir", "--drop", "audit_logs");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("--drop customers.loyalty_teir matches no table or column of the file", run.Output, StringComparison.Ordinal);
        Assert.Contains("--drop audit_logs matches no table or column of the file", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A session of the application left idle in a transaction on the target makes --reset wait for its lock, as long
    /// as that session lives: the wait used to be silent. It is named, with the session that holds the lock, and the
    /// run goes on once that session ends its transaction.
    /// </summary>
    [Theory]
    [InlineData("ROW EXCLUSIVE")] // the application's uncommitted write: --reset's TRUNCATE waits
    [InlineData("ACCESS EXCLUSIVE")] // a schema change or VACUUM FULL: even the check for data already there waits
    public async Task A_session_holding_a_bai_table_is_named_while_the_run_waits_for_it(string mode)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        Assert.Equal(ExitCodes.Success, (await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify")).ExitCode);
        int holder;
        bool namedWhileWaiting;
        Task<MigratorProcess> running;
        await using (var held = await HeldTableLock.TakeAsync(database.AdminConnectionString, "invoices", mode))
        {
            holder = held.ProcessId;
            var named = new TaskCompletionSource();
            var naming = $"for a lock on the BAI tables that server process {holder} holds";
            void Watch(string line)
            {
                if (line.Contains(naming, StringComparison.Ordinal))
                {
                    named.TrySetResult();
                }
            }

            running = MigratorProcess.RunAsync(folder, database.ConnectionString, Watch, "--sqlite", source.Path, "--no-verify", "--reset");
            // Let go once the run has named the holder, not after a fixed hold: its lock-wait watch speaks at one of its
            // looks, and on a busy machine that came up to 4.8 s after the wait began, against a hold of 8 s.
            namedWhileWaiting = await held.ReleaseWhenAsync(running, () => named.Task.IsCompleted, timeout: TimeSpan.FromMinutes(1));
        }

        var run = await running;

        Assert.True(namedWhileWaiting, $"the run never waited on invoices, or did not name the holder while it waited\n{run}");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"for a lock on the BAI tables that server process {holder} holds", run.Output, StringComparison.Ordinal);
        Assert.Contains($"application '{HeldTableLock.ApplicationName}'", run.Output, StringComparison.Ordinal);
        source.AssertUnchanged();
    }

    /// <summary>
    /// A state folder on a read-only file system (a container's, by default) is named before the snapshot, with the
    /// setting that moves it: it used to fail with .NET's "Read-only file system" and exit 1.
    /// </summary>
    [Fact]
    public async Task A_state_folder_that_cannot_be_written_is_named_before_anything_is_done()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        using var disk = SmallDisk.Mount(kilobytes: 64, readOnly: true);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(disk.Path, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, Path.Combine(disk.Path, "state"), "cannot be written");
        Assert.Contains("Bai:StateFolder", run.Sentence, StringComparison.Ordinal);
        Assert.Empty(await TargetDatabase.TablesAsync(database));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A target whose disk fills during the run (here the tablespace its tables go to) is named with the room it needs,
    /// and the rollback leaves nothing of the run on that disk. It used to end with exit 1 and PostgreSQL's own words.
    /// </summary>
    [Fact]
    public async Task A_target_whose_disk_fills_is_named_and_keeps_nothing_of_the_run()
    {
        if (fixture.Server.IsExternal)
        {
            return; // The tablespace needs the embedded server's disk (xunit 2 cannot skip at run time).
        }

        using var source = await SourceFile.GenerateAsync(SourceFile.Small() with { InvoicesPerAccount = 400 });
        // Dropped in reverse order: the database (and the ledger's tables in the tablespace), then the tablespace.
        await using var tablespace = await SmallTablespace.CreateAsync(fixture.Server, kilobytes: 512);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        await ScratchDatabase.ExecuteAsync(database.AdminConnectionString, $"ALTER DATABASE {database.Name} SET default_tablespace = {tablespace.Name}");

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify");

        AssertEnvironmentFault(run, "No space left on device", "ran out of disk space");
        Assert.Contains("nothing of this run was committed, and its rollback gave back the space it had used", run.Sentence, StringComparison.Ordinal);
        Assert.Equal(["bai_migration.loads", "bai_migration.rejected_rows", "bai_migration.runs"], await TargetDatabase.TablesAsync(database));
        Assert.InRange(tablespace.UsedBytes, 0, 256 * 1024); // the ledger's tables alone
        source.AssertUnchanged();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static void AssertEnvironmentFault(MigratorProcess run, string names, string says)
    {
        Assert.True(run.ExitCode == ExitCodes.Environment, run.ToString());
        Assert.DoesNotContain('\n', run.Sentence);
        Assert.Contains(names, run.Sentence, StringComparison.Ordinal);
        Assert.Contains(says, run.Sentence, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith(".", run.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected error", run.Errors, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<IReadOnlyList<(string Status, string Phase, string? Message)>> RunsAsync(ScratchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, phase, message FROM bai_migration.runs ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<(string, string, string?)>();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return runs;
    }

    private static string Hash(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
