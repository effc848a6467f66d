namespace Bai.Migrator.Tests.Telemetry;

using Bai.Core;
using Bai.Migrator.Tests.Support;
using Bai.SampleData;
using Bai.Testing;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// A failure nobody anticipated, inside the hosted service, still ends the process non-zero (1), with one line on
/// stderr rather than a silent 0 (dotnet/runtime#67146).
/// </summary>
public sealed class UnexpectedFailureExitCodeTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_ledger_table_of_another_shape_in_the_target_makes_the_migrator_exit_1_with_one_line_on_stderr()
    {
        // Something else already created bai_migration.runs, without the ledger's columns: CREATE TABLE IF NOT EXISTS
        // keeps it, and the ledger's first UPDATE fails with 42703, an error no handler expects.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE SCHEMA bai_migration; CREATE TABLE bai_migration.runs (id bigint PRIMARY KEY, note text)", connection);
            await command.ExecuteNonQueryAsync();
        }

        using var harness = new MigratorHarness(database.ConnectionString);
        var (sqlite, _) = await harness.GenerateAsync(new SampleOptions { Accounts = 1, InvoicesPerAccount = 5, Seed = 63 });
        await using var receiver = OtlpTestReceiver.Start();
        var folder = Directory.CreateDirectory(Path.Combine(harness.Folder, "migrator")).FullName;

        var (code, output, errors) = await AspireWorker.RunAsync(
            "Bai.Migrator.dll", AspireWorker.Environment("migrator", database.ConnectionString, sqlite, receiver.Endpoint), folder, Timeout);

        Assert.True(code == ExitCodes.Unexpected, $"exit {code}: {errors}\n{output}");
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Unexpected error: 42703: column \"status\" does not exist", line, StringComparison.Ordinal);
        Assert.EndsWith("(set BAI_DEBUG=1 for the stack trace)", line, StringComparison.Ordinal);
    }
}
