namespace Bai.Migrator.Tests.Environment;

using System.Text.RegularExpressions;
using Bai.Core;
using Bai.Migrator.Tests.BadInput;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bai.Migrator.Tests.Environment.EnvironmentFault;

/// <summary>
/// What --report and --drop name, as the real executable takes them: a report folder holds both reports, a --drop of
/// what the model has is refused (<see cref="EnvironmentFault"/>), and one that matches nothing is a warning.
/// </summary>
public sealed class OptionValueTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-environment-").FullName;

    /// <summary>
    /// --report naming a folder holds both reports, the migration's and its verification's, each under its own name;
    /// the verification's went beside the folder ("reports.verification.json"), or became a hidden ".verification.json"
    /// inside it when the path ended in a separator.
    /// </summary>
    [Theory]
    [InlineData("reports")]
    [InlineData("reports/")]
    public async Task A_report_folder_holds_both_reports(string reportFolder)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        var reports = Directory.CreateDirectory(Path.Combine(folder, "reports")).FullName;

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--report", Path.Combine(folder, reportFolder));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        // The console wraps its lines at its width: compare with the output's words.
        Assert.Contains($"(exit 0); target: database {target.Database} on {target.Host}:{target.Port}; report: ", Regex.Replace(run.Output, @"\s+", " "), StringComparison.Ordinal);
        Assert.Equal(["migration-", "verification-"], Directory.EnumerateFiles(reports).Select(f => Path.GetFileName(f)[..(Path.GetFileName(f).IndexOf('-', StringComparison.Ordinal) + 1)]).Order());
        Assert.Empty(Directory.EnumerateFiles(folder, "*.json"));
    }

    /// <summary>
    /// --drop of a table or column the model has cannot be honoured (the model is migrated whole): refused before the
    /// copy, where it used to be ignored in silence and the column migrated all the same.
    /// </summary>
    [Theory]
    [InlineData("invoices.total")]
    [InlineData("Payments")]
    public async Task A_drop_of_what_the_model_has_is_refused(string dropped)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify", "--drop", dropped);

        AssertEnvironmentFault(run, $"'{dropped}'", "part of the BAI model");
        Assert.All(await TargetDatabase.TablesAsync(database), t => Assert.StartsWith("bai_migration.", t, StringComparison.Ordinal));
        if (!dropped.Contains('.', StringComparison.Ordinal))
        {
            // A model table is refused before anything starts: no snapshot taken, not even the ledger's tables made.
            Assert.False(Directory.Exists(Path.Combine(folder, "state", "backups")));
            Assert.Empty(await TargetDatabase.TablesAsync(database));
        }

        source.AssertUnchanged();
    }

    /// <summary>A --drop that matches nothing in the file (a typo, or flags shared by several files) is said, and the run goes on.</summary>
    [Fact]
    public async Task A_drop_that_matches_nothing_is_a_warning()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigratorProcess.RunAsync(folder, database.ConnectionString, "--sqlite", source.Path, "--no-verify", "--drop", "customers.loyalty_teir", "--drop", "audit_logs");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("--drop customers.loyalty_teir matches no table or column of the file", run.Output, StringComparison.Ordinal);
        Assert.Contains("--drop audit_logs matches no table or column of the file", run.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
