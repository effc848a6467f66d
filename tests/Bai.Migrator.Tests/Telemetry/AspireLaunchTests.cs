namespace Bai.Migrator.Tests.Telemetry;

using System.Diagnostics;
using Bai.Core;
using Bai.Migrator.Tests.Support;
using Bai.SampleData;
using Bai.Testing;
using Bai.Testing.Postgres;

/// <summary>
/// Issue 6, "Tests that run here": each worker as the AppHost runs it (a process, the environment of
/// <see cref="AspireWorker.Environment"/>, no arguments) exits with the documented code and sends its traces, logs
/// and metrics to the OTLP endpoint under its own service name.
/// </summary>
public sealed class AspireLaunchTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_migrator_then_the_verifier_exit_0_and_send_traces_logs_and_metrics_under_their_service_names()
    {
        using var harness = new MigratorHarness(database.ConnectionString);
        var (sqlite, _) = await harness.GenerateAsync(new SampleOptions { Accounts = 2, InvoicesPerAccount = 30, CustomersPerAccount = 8, ItemsPerAccount = 10, Seed = 61 });
        await using var receiver = OtlpTestReceiver.Start();
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;

        // Each project runs in its own folder under Aspire; the state folder (.bai) is relative to it.
        var migratorFolder = Directory.CreateDirectory(Path.Combine(harness.Folder, "migrator")).FullName;
        var migrator = await AspireWorker.RunAsync(
            "Bai.Migrator.dll", AspireWorker.Environment("migrator", database.ConnectionString, sqlite, receiver.Endpoint), migratorFolder, Timeout);
        Assert.True(migrator.ExitCode == ExitCodes.Success, $"migrator exited {migrator.ExitCode}: {migrator.Errors}\n{migrator.Output}");
        Assert.Equal("", migrator.Errors);

        var verifierFolder = Directory.CreateDirectory(Path.Combine(harness.Folder, "verifier")).FullName;
        var verifier = await AspireWorker.RunAsync(
            "Bai.Verifier.dll", AspireWorker.Environment("verifier", database.ConnectionString, sqlite, receiver.Endpoint), verifierFolder, Timeout);
        Assert.True(verifier.ExitCode == ExitCodes.Success, $"verifier exited {verifier.ExitCode}: {verifier.Errors}\n{verifier.Output}");
        Assert.Equal("", verifier.Errors);

        // The migrator's own spans and the verify step it runs itself, its log lines and its counters.
        var migratorTraces = await receiver.WaitForAsync(
            r => r.Path == OtlpReceivedRequest.TracesPath && r.IsFrom("migrator") && r.Mentions("migrate") && r.Mentions("phase copy") && r.Mentions("copy invoices"),
            Timeout, ct);
        Assert.Equal("application/x-protobuf", migratorTraces.ContentType);
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.LogsPath && r.IsFrom("migrator") && r.Mentions("Snapshot taken"), Timeout, ct);
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.MetricsPath && r.IsFrom("migrator") && r.Mentions("bai.migrator.rows_copied"), Timeout, ct);

        // The verifier's root span links to the migration run's trace, which the ledger recorded: one story across two processes.
        var migrationTrace = ActivityContext.Parse(
            (string)(await QueryAsync("SELECT trace_parent FROM bai_migration.runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1"))!, null).TraceId;
        await receiver.WaitForAsync(
            r => r.Path == OtlpReceivedRequest.TracesPath && r.IsFrom("verifier") && r.Mentions("verify") && r.Mentions("check content") && r.Mentions("counts invoices") && r.MentionsTrace(migrationTrace),
            Timeout, ct);
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.LogsPath && r.IsFrom("verifier") && r.Mentions("Verifying against"), Timeout, ct);
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.MetricsPath && r.IsFrom("verifier") && r.Mentions("bai.verifier.check.duration"), Timeout, ct);

        // Only the two services exported, and nothing reached a path an OTLP/HTTP receiver does not serve.
        Assert.All(receiver.Requests, r => Assert.True(r.IsFrom("migrator") ^ r.IsFrom("verifier"), $"{r.Path} from neither or both services"));
        Assert.All(receiver.Requests, r => Assert.Contains(r.Path, new[] { OtlpReceivedRequest.TracesPath, OtlpReceivedRequest.LogsPath, OtlpReceivedRequest.MetricsPath }));
    }

    private async Task<object?> QueryAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
