namespace Bai.Migrator.Tests.Environment;

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bai.Migrator.Tests.Environment.EnvironmentFault;

/// <summary>
/// Faults of the connection to the target server (<see cref="EnvironmentFault"/>): a server nobody answers on, a wrong
/// or missing password, options or attributes the server or Npgsql refuses, a database that does not exist or allows
/// too few connections, also when that limit stops the verification after the copy committed, and the run after it.
/// </summary>
public sealed class ServerConnectionFaultTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-environment-").FullName;

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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
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
}
