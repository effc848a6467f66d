namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Disks;
using Bai.SampleData;
using Bai.Testing.Postgres;
using Bai.Testing.Sqlite;
using Microsoft.Extensions.Hosting;

public sealed class EnvironmentTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Without_a_completed_run_or_a_file_it_says_what_to_do()
    {
        var harness = new VerifierHarness(database.ConnectionString);

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync());
        await harness.DeleteFilesAsync();

        Assert.Contains("--sqlite PATH", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A mistyped --sqlite is named before the host starts (with no ConnectionStrings:bai-db, before an
    /// embedded PostgreSQL is started for nothing).</summary>
    [Fact]
    public async Task A_missing_source_is_named_before_anything_runs()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"bai-no-such-{Guid.NewGuid():N}.db");
        var ran = false;
        var command = VerifierCommand.Create((_, _) =>
        {
            ran = true;
            return Task.FromResult(ExitCodes.Success);
        });
        using var error = new StringWriter();

        var code = await BaiCommandLine.InvokeAsync(command, ["--sqlite", missing], error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Equal(
            $"The SQLite source '{missing}' does not exist; give the path of the BAI database file with --sqlite PATH.",
            error.ToString().TrimEnd());
        Assert.False(ran);
    }

    [Fact]
    public async Task A_database_that_was_never_migrated_is_an_environment_error_naming_the_tables()
    {
        // A database of its own: the class's is migrated by the tests beside this one, in no set order.
        await using var target = await PostgresDatabaseFixture.CreateAsync();
        var harness = new VerifierHarness(target.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(harness.SqlitePath));
        await harness.DeleteFilesAsync();

        Assert.Contains("invoices", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A source whose table lost a child page reads without an error, only with fewer rows, so a target loaded from it
    /// compares as exact: SQLite's quick_check of the source, beside the checks, refuses to vouch for it.
    /// </summary>
    [Fact]
    public async Task A_damaged_source_is_named_and_vouches_for_nothing()
    {
        var harness = await MigratedAsync(database.ConnectionString);
        var damaged = Path.Combine(Path.GetDirectoryName(harness.SqlitePath)!, "damaged.db");
        File.Copy(harness.SqlitePath, damaged);
        LostChildPage.Damage(damaged, "invoice_items");

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(damaged));
        await harness.DeleteFilesAsync();

        Assert.StartsWith($"The SQLite source '{damaged}' is damaged: SQLite's quick_check found", e.Message, StringComparison.Ordinal);
        Assert.Contains("no comparison with it can vouch for the target", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A source with a table SQLite refuses to read (a malformed page, as after a bad sector): one sentence with what
    /// SQLite's quick_check finds, exit 3, not SQLite's exception from the first check that read the table.
    /// </summary>
    [Fact]
    public async Task A_source_sqlite_cannot_read_is_named()
    {
        var harness = await MigratedAsync(database.ConnectionString);
        var damaged = Path.Combine(Path.GetDirectoryName(harness.SqlitePath)!, "malformed.db");
        File.Copy(harness.SqlitePath, damaged);
        MalformedPage.Damage(damaged, "payments");

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(damaged));
        await harness.DeleteFilesAsync();

        // It was SQLite's own exception, exit 1 as an unexpected error, from the content check's read of the table.
        Assert.StartsWith($"The SQLite source '{damaged}' is damaged: SQLite's quick_check found", e.Message, StringComparison.Ordinal);
        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
        Assert.Contains("no comparison with it can vouch for the target", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>
    /// A --sqlite file without a table or column of the model (another application's file of a similar name, a BAI file
    /// of another revision) was SQLite's "no such table" from the first check that read it, exit 1: one sentence now,
    /// naming what the file lacks, before any check.
    /// </summary>
    [Theory]
    [InlineData("DROP TABLE payments; DROP TABLE alembic_version;", "it lacks the tables alembic_version, payments of the BAI model")]
    [InlineData("ALTER TABLE invoices DROP COLUMN notes;", "it lacks the column invoices.notes of the BAI model")]
    public async Task A_file_without_a_table_or_column_of_the_model_is_named(string change, string lacks)
    {
        var harness = await MigratedAsync(database.ConnectionString);
        var other = Path.Combine(Path.GetDirectoryName(harness.SqlitePath)!, "other.db");
        File.Copy(harness.SqlitePath, other);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={other};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = change;
            await command.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(other));
        await harness.DeleteFilesAsync();

        Assert.Equal(
            $"The SQLite source '{other}' cannot be compared: {lacks}, so the target cannot have been migrated from it (another application's file, or a BAI file of another Alembic revision); give the BAI file the target was migrated from with --sqlite PATH, or leave out --sqlite to compare with the last completed run's snapshot.",
            e.Message);
    }

    /// <summary>
    /// A --sqlite file cut short (an interrupted copy): SQLite's "database disk image is malformed" from the verifier's
    /// first read of it was exit 1. One sentence now, saying it is shorter than its header says and what to do.
    /// </summary>
    [Fact]
    public async Task A_source_cut_short_is_named()
    {
        var harness = await MigratedAsync(database.ConnectionString);
        var cut = Path.Combine(Path.GetDirectoryName(harness.SqlitePath)!, "cut.db");
        var bytes = await File.ReadAllBytesAsync(harness.SqlitePath);
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length * 6 / 10)]);

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(cut));
        await harness.DeleteFilesAsync();

        Assert.StartsWith(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The SQLite source '{cut}' is cut short: it has {bytes.Length * 6 / 10:N0} bytes, and its header says {bytes.Length:N0} ("),
            e.Message, StringComparison.Ordinal);
        Assert.EndsWith("copy it again, whole, from where it came from (with its '-wal', if it has one).", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A --sqlite file an application holds locked for writing longer than SQLite's busy wait: one sentence, exit 3, not
    /// SQLite's "database is locked" as an unexpected error (exit 1).
    /// </summary>
    [Fact]
    public async Task A_source_a_writer_holds_locked_is_named()
    {
        var harness = await MigratedAsync(database.ConnectionString);
        var live = Path.Combine(Path.GetDirectoryName(harness.SqlitePath)!, "live.db");
        File.Copy(harness.SqlitePath, live);
        await using var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={live};Pooling=false");
        await writer.OpenAsync();
        await using (var command = writer.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE; UPDATE customers SET name = name || ' (renamed)' WHERE id = (SELECT min(id) FROM customers);";
            await command.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(live));
        await writer.CloseAsync();
        await harness.DeleteFilesAsync();

        Assert.Equal(
            $"The SQLite source '{live}' is locked by a writer that did not finish within 10 s, so the verification did not finish, and the target is as it was; stop the application writing to it, or verify against the run's snapshot, which nothing writes (leave out --sqlite).",
            e.Message);
    }

    /// <summary>
    /// The snapshot the run recorded, edited since (made writable, a total changed) with the target changed alike:
    /// verified as exact, while the report named the recorded hash as the one compared. Its hash is checked now.
    /// </summary>
    [Fact]
    public async Task A_snapshot_changed_since_its_run_is_named_and_vouches_for_nothing()
    {
        await using var target = await PostgresDatabaseFixture.CreateAsync();
        var harness = await MigratedAsync(target.ConnectionString);
        var snapshot = await harness.ScalarAsync<string>("SELECT snapshot_path FROM bai_migration.runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1");
        File.SetUnixFileMode(snapshot, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={snapshot};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE invoices SET total = total + 1000 WHERE rowid = 1";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await harness.ScalarAsync<object>("UPDATE invoices SET total = total + 1000 WHERE (account_id, id) = (SELECT account_id, id FROM invoices ORDER BY id LIMIT 1)");

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync());
        await harness.DeleteFilesAsync();

        Assert.StartsWith($"The snapshot '{snapshot}' has changed since migration run ", e.Message, StringComparison.Ordinal);
        Assert.Contains("no comparison with it can vouch for the target", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A BAI table the verifier's role may not read is one sentence, exit 3; it was an unexpected error, exit 1.</summary>
    [Fact]
    public async Task A_table_the_role_may_not_read_is_named()
    {
        await using var target = await PostgresDatabaseFixture.CreateAsync();
        var harness = await MigratedAsync(target.ConnectionString);
        await harness.ScalarAsync<object>("REVOKE SELECT ON payments FROM CURRENT_USER");

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync());
        await harness.DeleteFilesAsync();

        Assert.Contains("lacks a privilege", e.Message, StringComparison.Ordinal);
        Assert.Contains("payments", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The verifier opens its connections as the migrator does: a missing password is one sentence, exit 3.</summary>
    [Fact]
    public async Task A_connection_string_without_the_password_the_server_requires_is_named()
    {
        var harness = new VerifierHarness(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = null }.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(harness.SqlitePath));
        await harness.DeleteFilesAsync();

        Assert.Contains("requires a password for user 'bai_user', and ConnectionStrings:bai-db gives none", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A report that could not be written after the checks is named before them (it was exit 1, after all the work).</summary>
    [Fact]
    public async Task A_report_folder_that_cannot_be_written_is_named_before_the_checks()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        using var disk = SmallDisk.Mount(kilobytes: 64, readOnly: true);
        var reportPath = Path.Combine(disk.Path, "reports", "verification.json");

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyIntoAsync(reportPath, harness.SqlitePath));
        await harness.DeleteFilesAsync();

        Assert.StartsWith($"The report folder '{Path.GetDirectoryName(reportPath)}' cannot be written (", e.Message, StringComparison.Ordinal);
        Assert.Contains("--report", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never migrated", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The checks' sorts and joins over whole tables spill to temporary files beyond work_mem. On a full disk that was
    /// exit 1 with PostgreSQL's words; here the temporary files go to a tablespace on a disk of 64 kB.
    /// </summary>
    [Fact]
    public async Task A_full_disk_under_the_checks_temporary_files_is_named()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(new SampleOptions { Accounts = 3, InvoicesPerAccount = 400, Seed = 6 });
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
        await using var tablespace = await SmallTablespace.CreateAsync(database.Server, kilobytes: 64);
        await database.AlterAsync($"SET temp_tablespaces = '{tablespace.Name}'");
        await database.AlterAsync("SET work_mem = '64kB'");
        try
        {
            var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync());

            Assert.StartsWith("PostgreSQL ran out of disk space (could not write to file ", e.Message, StringComparison.Ordinal);
            Assert.Contains("No space left on device); the verification did not finish, and the target is as it was; the checks sort and join whole tables", e.Message, StringComparison.Ordinal);
            Assert.Contains("temp_tablespaces", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            await database.AlterAsync("RESET temp_tablespaces");
            await database.AlterAsync("RESET work_mem");
            await harness.DeleteFilesAsync();
        }
    }

    /// <summary>PgBouncer in statement mode refuses the checks' read-only transactions: one sentence, not exit 1.</summary>
    [Fact]
    public async Task A_pooler_in_statement_mode_is_named()
    {
        var harness = await MigratedAsync(database.ConnectionString);
        await using var pooler = await TestPgBouncer.StartAsync(database.Server, poolMode: "statement");
        var pooled = new VerifierHarness(pooler.ApplicationConnectionStringFor(database.Server, database.DatabaseName));

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => pooled.VerifyAsync(harness.SqlitePath));
        await harness.DeleteFilesAsync();
        await pooled.DeleteFilesAsync();

        Assert.StartsWith("ConnectionStrings:bai-db leads to a connection pooler in statement mode", e.Message, StringComparison.Ordinal);
        Assert.Contains("pool_mode", e.Message, StringComparison.Ordinal);
        // Its sentence does not say what the verification left: the migrator adds that its copy had committed.
        Assert.False(e.SaysConsequence);
    }

    [Fact]
    public void Checks_are_parsed_from_a_comma_separated_list_and_unknown_names_are_refused()
    {
        Assert.Equal(new HashSet<VerifierCheck> { VerifierCheck.Counts, VerifierCheck.Plans }, VerifierChecks.Parse(["counts,Plans"]));
        Assert.Equal(VerifierChecks.All.ToHashSet(), VerifierChecks.Parse([]));
        var e = Assert.Throws<BaiEnvironmentException>(() => VerifierChecks.Parse(["counts,speed"]));
        Assert.Contains("'speed'", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A harness whose generated sample is migrated into the database at <paramref name="connectionString"/>.</summary>
    private static async Task<VerifierHarness> MigratedAsync(string connectionString)
    {
        var harness = new VerifierHarness(connectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
        return harness;
    }
}
