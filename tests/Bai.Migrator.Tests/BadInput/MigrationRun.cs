namespace Bai.Migrator.Tests.BadInput;

using System.Text.Json;

/// <summary>One in-process run of the migrator (its Main, <see cref="MigratorEntryPoint.RunAsync"/>) and what it left: exit code, stderr, JSON report.</summary>
public sealed record MigrationRun(int ExitCode, string Error, JsonElement Report)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>A run without the verifier's checks: these tests look at what the copy did.</summary>
    public static Task<MigrationRun> StartAsync(SourceFile source, ScratchDatabase database, params string[] extraArguments) =>
        RunAsync(source, database, ["--no-verify", .. extraArguments]);

    /// <summary>A standalone run as a user makes it: the copy, then the verifier's checks.</summary>
    public static Task<MigrationRun> StartVerifiedAsync(SourceFile source, ScratchDatabase database, params string[] extraArguments) =>
        RunAsync(source, database, extraArguments);

    /// <summary>A run with configuration of its own (<c>Bai:*</c> settings, as a user would set them in the environment).</summary>
    public static Task<MigrationRun> StartWithSettingsAsync(
        SourceFile source, ScratchDatabase database, IReadOnlyDictionary<string, string?> settings, params string[] extraArguments) =>
        RunAsync(source, database, extraArguments, settings);

    /// <summary>A run that ends before it has a report to write (exit 3), without the verifier: its exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Error)> StartWithoutReportAsync(
        SourceFile source, ScratchDatabase database, IReadOnlyDictionary<string, string?> settings)
    {
        using var error = new StringWriter();
        var exitCode = await MigratorEntryPoint.RunAsync(["--sqlite", source.Path, "--no-verify"], Configuration(source, database, settings), error)
            .WaitAsync(Timeout);
        return (exitCode, error.ToString());
    }

    private static async Task<MigrationRun> RunAsync(
        SourceFile source, ScratchDatabase database, string[] extraArguments, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var reportPath = Path.Combine(source.Folder, $"report-{Guid.NewGuid():N}.json");
        string[] arguments = ["--sqlite", source.Path, "--report", reportPath, .. extraArguments];
        using var error = new StringWriter();
        var exitCode = await MigratorEntryPoint.RunAsync(arguments, Configuration(source, database, settings), error).WaitAsync(Timeout);
        Assert.True(File.Exists(reportPath), $"No report was written (exit {exitCode}): {error}");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        return new MigrationRun(exitCode, error.ToString(), document.RootElement.Clone());
    }

    /// <summary>The test's database and state folder, and the run's own settings over them.</summary>
    private static Dictionary<string, string?> Configuration(
        SourceFile source, ScratchDatabase database, IReadOnlyDictionary<string, string?>? settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:bai-db"] = database.ConnectionString,
            ["Bai:StateFolder"] = source.StateFolder,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return configuration;
    }

    /// <summary>Every problem of the report's rejectedRowList: (table, rowid, column, code, raw).</summary>
    public IReadOnlyList<ReportedProblem> ReportedProblems() =>
    [
        .. Report.GetProperty("rejectedRowList").EnumerateArray().SelectMany(row => row.GetProperty("problems").EnumerateArray().Select(p =>
            new ReportedProblem(
                row.GetProperty("table").GetString()!,
                row.GetProperty("rowId").GetInt64(),
                p.GetProperty("column").GetString(),
                p.GetProperty("code").GetString()!,
                p.GetProperty("raw").GetString()))),
    ];

    /// <summary>The report's rejected rows as the quarantine holds them: raw values with storage classes, and problems.</summary>
    public IReadOnlyList<QuarantinedRow> ReportedRowsWhole() =>
    [
        .. Report.GetProperty("rejectedRowList").EnumerateArray().Select(row => new QuarantinedRow(
            row.GetProperty("table").GetString()!,
            row.GetProperty("rowId").GetInt64(),
            row.GetProperty("accountId").GetString(),
            row.GetProperty("rawValues"),
            row.GetProperty("problems"))),
    ];

    public IReadOnlySet<(string Table, long RowId)> ReportedRows() =>
        Report.GetProperty("rejectedRowList").EnumerateArray()
            .Select(row => (row.GetProperty("table").GetString()!, row.GetProperty("rowId").GetInt64()))
            .ToHashSet();

    public string Describe() => $"exit {ExitCode}, stderr: {Error}, outcome: {Report.GetProperty("outcome").GetString()}";
}

public sealed record ReportedProblem(string Table, long RowId, string? Column, string Code, string? Raw);
