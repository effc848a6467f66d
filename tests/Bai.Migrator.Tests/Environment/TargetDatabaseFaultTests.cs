namespace Bai.Migrator.Tests.Environment;

using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Disks;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bai.Migrator.Tests.Environment.EnvironmentFault;

/// <summary>
/// Faults of the target database once connected (<see cref="EnvironmentFault"/>): what its role may not do, settings
/// that leave nowhere to write, an encoding other than UTF-8, tables another tool created, another session's locks on
/// the BAI tables, and a disk that fills under them.
/// </summary>
public sealed class TargetDatabaseFaultTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-environment-").FullName;

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
}
