namespace Bai.Reliability.Tests;

using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Processes;
using Bai.Testing;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// Issue 8, "Secrets": with a sentinel password, no log line, span, report, exception message or process argument
/// list contains it, and the connection string is shown redacted.
/// </summary>
public sealed class SecretTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly string role = $"bai_sentinel_{Guid.NewGuid():N}"[..24];
    private readonly string sentinel = $"Sentinel-{Guid.NewGuid():N}";

    public async Task InitializeAsync() =>
        // A least-privilege role like bai_user, owning the class's database, with a password we can search for.
        await Target.ExecuteAsync(database.Server.AdminConnectionString,
            $"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{sentinel}'; ALTER DATABASE {database.DatabaseName} OWNER TO {role}");

    public async Task DisposeAsync()
    {
        await Target.ExecuteAsync(database.Server.AdminConnectionString, $"ALTER DATABASE {database.DatabaseName} OWNER TO {TestPostgres.ApplicationRole}");
        await using (var connection = new NpgsqlConnection(SentinelConnectionString(sentinel)))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await Target.ExecuteAsync(database.AdminConnectionString, $"REASSIGN OWNED BY {role} TO {TestPostgres.ApplicationRole}; DROP OWNED BY {role}");
        await Target.ExecuteAsync(database.Server.AdminConnectionString, $"DROP ROLE {role}");
    }

    [Fact]
    [Trait("Category", "Long")]
    public async Task A_sentinel_password_appears_in_no_output_span_report_or_argument_list()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync();
        await using var receiver = OtlpTestReceiver.Start();
        var environment = MigratorRun.Environment(workspace, SentinelConnectionString(sentinel));
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString();
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        var report = workspace.NewReportPath();

        using var child = MigratorProcess.Start(environment, "copy:invoice_items", workspace.PauseMarker, ["--sqlite", workspace.SqlitePath, "--report", report]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(2));
        // Mid-run, with the target's connections open: every process on the machine, ours and PostgreSQL's.
        var leaking = PostgresProcesses.CommandLines().Where(p => p.CommandLine.Contains(sentinel, StringComparison.Ordinal)).ToList();
        child.Resume();
        var code = await child.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"exit {code}\n{child.Errors}");
        Assert.Empty(leaking);
        Assert.DoesNotContain(sentinel, child.Output + child.Errors, StringComparison.Ordinal);
        // Shown, but redacted: the log names the server and the user, never the password.
        Assert.Contains($"Username={role}", child.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", child.Output, StringComparison.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(workspace.Folder, "*.json", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(sentinel, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }

        Assert.Contains(receiver.Requests, r => r.Path == OtlpReceivedRequest.TracesPath && r.Mentions("copy invoice_items"));
        Assert.DoesNotContain(receiver.Requests, r => r.Mentions(sentinel));
        Assert.Equal(0, await Target.ScalarAsync(database.AdminConnectionString,
            $"SELECT count(*) FROM bai_migration.runs WHERE concat_ws(' ', source_path, snapshot_path, counts::text, message, trace_parent) LIKE '%{sentinel}%'"));
    }

    [Fact]
    public async Task A_wrong_sentinel_password_fails_in_one_sentence_that_does_not_contain_it()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 1, InvoicesPerAccount = 5, Seed = 3 });
        var wrong = $"Wrong-{Guid.NewGuid():N}";

        var run = await MigratorRun.InProcessAsync(workspace, SentinelConnectionString(wrong));

        Assert.Equal(ExitCodes.Environment, run.ExitCode);
        Assert.Contains($"rejected the password of user '{role}'", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, run.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(run.ReportPath) && (await File.ReadAllTextAsync(run.ReportPath)).Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Long")]
    public async Task The_embedded_servers_passwords_appear_in_no_argument_list_or_output()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 6, InvoicesPerAccount = 1500, Seed = 4 });
        using var child = MigratorProcess.Start(MigratorRun.Environment(workspace, null), "copy:invoice_items", workspace.PauseMarker, ["--sqlite", workspace.SqlitePath]);
        await child.WaitForPauseAsync(TimeSpan.FromMinutes(3));
        string[] passwords =
        [
            (await File.ReadAllTextAsync(Path.Combine(workspace.PostgresState, "superuser.password"))).Trim(),
            (await File.ReadAllTextAsync(Path.Combine(workspace.PostgresState, "bai_user.password"))).Trim(),
        ];
        var commandLines = PostgresProcesses.CommandLines();
        child.Resume();
        var code = await child.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"exit {code}\n{child.Errors}");
        Assert.All(passwords, p => Assert.True(p.Length >= 16));
        // The server's processes were there to be looked at, and none of them shows a password.
        Assert.Contains(commandLines, p => p.CommandLine.Contains("postgres", StringComparison.Ordinal));
        foreach (var password in passwords)
        {
            Assert.DoesNotContain(commandLines, p => p.CommandLine.Contains(password, StringComparison.Ordinal));
            Assert.DoesNotContain(password, child.Output + child.Errors, StringComparison.Ordinal);
        }
    }

    private string SentinelConnectionString(string password) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password }.ConnectionString;
}
