namespace Bai.Migrator.Tests.Telemetry;

using Bai.Core;
using Bai.Migrator.Tests.Support;
using Bai.SampleData;
using Bai.Testing;
using Bai.Testing.Postgres;

/// <summary>
/// The migration runs inside a hosted service, and on .NET 10 a host whose BackgroundService fails still exits 0
/// (dotnet/runtime#67146): Aspire's WaitForCompletion would then start the verifier. A failed migration, started as
/// the AppHost starts it, must end the process with its documented non-zero code.
/// </summary>
public sealed class FailedMigrationExitCodeTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_bai_sqlite_connection_string_naming_a_missing_file_exits_3_with_one_sentence_and_no_stack_trace()
    {
        using var harness = new MigratorHarness(database.ConnectionString);
        var missing = Path.Combine(harness.Folder, "no-such.db");

        var (code, output, errors) = await RunMigratorAsync(harness, missing);

        Assert.True(code == ExitCodes.Environment, $"exit {code}: {errors}\n{output}");
        Assert.Equal(
            $"The SQLite source '{missing}' does not exist; give the path of the BAI database file with --sqlite PATH or ConnectionStrings:bai-sqlite.",
            errors.TrimEnd());
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_that_cannot_be_loaded_under_the_default_fail_policy_exit_2_and_load_nothing()
    {
        using var harness = new MigratorHarness(database.ConnectionString);
        var (sqlite, _) = await harness.GenerateAsync(new SampleOptions
        {
            Accounts = 2, InvoicesPerAccount = 20, Seed = 62, Damage = new HashSet<DamageKind> { DamageKind.NullInNotNull, DamageKind.OrphanReference },
        });

        var (code, output, errors) = await RunMigratorAsync(harness, sqlite);

        Assert.True(code == ExitCodes.DataProblems, $"exit {code}: {errors}\n{output}");
        Assert.Equal("failed", await ScalarAsync("SELECT string_agg(status, ',') FROM bai_migration.runs"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM pg_class WHERE relname = 'invoices'"));
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunMigratorAsync(MigratorHarness harness, string sqlite)
    {
        await using var receiver = OtlpTestReceiver.Start();
        var folder = Directory.CreateDirectory(Path.Combine(harness.Folder, "migrator")).FullName;
        return await AspireWorker.RunAsync(
            "Bai.Migrator.dll", AspireWorker.Environment("migrator", database.ConnectionString, sqlite, receiver.Endpoint), folder, Timeout);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
