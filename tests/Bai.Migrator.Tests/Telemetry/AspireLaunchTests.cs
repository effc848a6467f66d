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

    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_migrator_then_the_verifier_exit_0_and_send_traces_logs_and_metrics_under_their_service_names()
    {
        using var harness = new MigratorHarness(database.ConnectionString);
        var (sqlite, _) = await harness.GenerateAsync(new SampleOptions { Accounts = 2, InvoicesPerAccount = 30, CustomersPerAccount = 8, ItemsPerAccount = 10, Seed = 61 });
        await using var receiver = OtlpTestReceiver.Start();
        using var timeout = new CancellationTokenSource(3 * Timeout);
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

        // Both processes flushed their exporters before exiting, so everything has arrived; the waits are a safety margin.
        // Spans travel in batches (a span is exported when it ends, the run's span last), so each name is looked for on its own.
        foreach (var span in new[] { "migrate", "phase snapshot", "phase copy", "copy invoices", "restore constraints", "verify", "check content" })
        {
            await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.TracesPath && r.IsFrom("migrator") && r.Mentions(span), Arrival, ct);
        }

        Assert.All(receiver.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.LogsPath && r.IsFrom("migrator") && r.Mentions("Snapshot taken"), Arrival, ct);
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.MetricsPath && r.IsFrom("migrator") && r.Mentions("bai.migrator.rows_copied"), Arrival, ct);

        // The verifier's root span links to the migration run's trace, which the ledger recorded: one story across two processes.
        var migrationTrace = ActivityContext.Parse(
            (string)(await QueryAsync("SELECT trace_parent FROM bai_migration.runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1"))!, null).TraceId;
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.TracesPath && r.IsFrom("verifier") && r.Mentions("verify") && r.MentionsTrace(migrationTrace), Arrival, ct);
        foreach (var span in new[] { "check counts", "counts invoices", "check content", "checksum invoices" })
        {
            await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.TracesPath && r.IsFrom("verifier") && r.Mentions(span), Arrival, ct);
        }

        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.LogsPath && r.IsFrom("verifier") && r.Mentions("Verifying against"), Arrival, ct);
        await receiver.WaitForAsync(r => r.Path == OtlpReceivedRequest.MetricsPath && r.IsFrom("verifier") && r.Mentions("bai.verifier.check.duration"), Arrival, ct);

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
