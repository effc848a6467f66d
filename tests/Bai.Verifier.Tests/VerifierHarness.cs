namespace Bai.Verifier.Tests;

using System.Text.Json;
using Bai.Core.Schema;
using Bai.Migrator;
using Bai.Migrator.Pipeline;
using Bai.SampleData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spectre.Console;

/// <summary>
/// A generated SQLite file, the real migration pipeline and the real verifier, in-process, wired as the workers wire
/// them (AddBaiNpgsql: the data source and the retrying BaiDbContext) against one test class's database.
/// </summary>
internal sealed class VerifierHarness
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-verifier-tests-").FullName;
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly string connectionString;

    public VerifierHarness(string connectionString) => this.connectionString = connectionString;

    public string SqlitePath => Path.Combine(folder, "source.db");

    /// <summary>What the hosts this harness builds have logged, from Debug up.</summary>
    public RecordedLogs Logs { get; } = new();

    public static SampleOptions SmallSample { get; } = new() { Accounts = 3, InvoicesPerAccount = 40, CustomersPerAccount = 10, ItemsPerAccount = 12, Seed = 4 };

    public async Task GenerateAsync(SampleOptions options)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await SampleGenerator.GenerateAsync(SqlitePath, options, timeout.Token);
    }

    /// <summary>Migrates <see cref="SqlitePath"/> afresh (--reset), without the migrator's own verify step unless asked.</summary>
    public async Task<int> MigrateAsync(BadRowsPolicy policy = BadRowsPolicy.Fail, bool verify = false)
    {
        var options = new MigratorOptions
        {
            SqlitePath = SqlitePath,
            BadRows = policy,
            NoVerify = !verify,
            Reset = true,
            StateFolder = Path.Combine(folder, "state"),
            ReportPath = Path.Combine(folder, "migration.json"),
            ExpectedAlembicVersion = BaiSchema.ExpectedAlembicVersion,
        };
        using var host = BuildHost(services => services.AddMigrator(options));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await host.Services.GetRequiredService<MigrationPipeline>().RunAsync(timeout.Token);
    }

    /// <summary>Runs the verifier as its command would (the ledger's snapshot unless <paramref name="sqlitePath"/>); returns the exit code and the report.</summary>
    public async Task<(int ExitCode, VerifierReportView Report)> VerifyAsync(string? sqlitePath = null, params VerifierCheck[] checks)
    {
        var reportPath = Path.Combine(folder, $"verification-{Guid.NewGuid():N}.json");
        var code = await VerifyIntoAsync(reportPath, sqlitePath, checks);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var stream = File.OpenRead(reportPath);
        var report = await JsonSerializer.DeserializeAsync<VerifierReportView>(stream, Json, timeout.Token);
        return (code, report!);
    }

    /// <summary>Runs the verifier with its report at <paramref name="reportPath"/>; returns the exit code.</summary>
    public async Task<int> VerifyIntoAsync(string reportPath, string? sqlitePath = null, params VerifierCheck[] checks)
    {
        var options = new VerifierOptions
        {
            SqlitePath = sqlitePath,
            ReportPath = reportPath,
            StateFolder = Path.Combine(folder, "state"),
            Checks = checks.Length == 0 ? new HashSet<VerifierCheck>(VerifierChecks.All) : checks.ToHashSet(),
        };
        using var host = BuildHost(services => services.AddVerifier(options));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await host.Services.GetRequiredService<VerificationRunner>().RunAsync(options, timeout.Token);
    }

    /// <summary>Changes the generated source before it is migrated: <paramref name="sql"/> on a connection of its own.</summary>
    public async Task EditSourceAsync(string sql)
    {
        await using var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqlitePath};Pooling=false");
        await source.OpenAsync();
        await using var command = source.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One statement against the target, as the test class's owner; its first value (null for a statement without one).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public IHost BuildHost(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true, ApplicationName = "Bai.Verifier.Tests" });
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:bai-db", connectionString)]);
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs);
        builder.AddBaiNpgsql();
        configure(builder.Services);
        builder.Services.AddSingleton(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }));
        return builder.Build();
    }

    /// <summary>Removes the generated files (the test classes call it from their own DisposeAsync).</summary>
    public Task DeleteFilesAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            // The snapshot is made read-only by the migrator; the folder still goes.
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }
}
