namespace Bai.Migrator.Tests.Copy;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Migrator.Copy;
using Bai.Migrator.Tests.BadInput;
using Bai.SampleData;
using Bai.Testing.Postgres;

/// <summary>
/// Issue 7: a large table is read by several threads, each a range of its ids, into one COPY. These runs lower the
/// threshold so the test files are split too, and compare them with runs that read every table on one thread.
/// </summary>
public sealed class ReadInPartsTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly Dictionary<string, string?> OneReader = new() { ["Bai:CopyReaders"] = "1" };

    [Fact]
    public async Task Parts_load_the_same_rows_and_reject_the_same_rows_as_one_reader()
    {
        // Every kind of damage but the two drifts no option accepts: rejected rows land in every part.
        DamageKind[] kinds = [.. DamageKinds.All.Where(k => k is not (DamageKind.SchemaDriftMissingTable or DamageKind.UnexpectedAlembicVersion))];
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(kinds));
        await using var whole = await ScratchDatabase.CreateAsync(fixture.Server);
        await using var parts = await ScratchDatabase.CreateAsync(fixture.Server);
        string[] arguments = ["--bad-rows", "quarantine", "--drop", "customers.loyalty_tier", "--drop", "audit_log"];

        var one = await MigrationRun.StartWithSettingsAsync(source, whole, OneReader, ["--no-verify", .. arguments]);
        var four = await MigrationRun.StartWithSettingsAsync(source, parts, Split(readers: 4, rowsEach: 1), arguments);

        Assert.True(one.ExitCode == ExitCodes.Success, one.Describe());
        Assert.True(four.ExitCode == ExitCodes.Success, four.Describe());
        Assert.All(Readers(one), t => Assert.Equal(1, t.Value));
        AssertSplitAsDesigned(Readers(four));
        Assert.Equal(Counts(one), Counts(four));
        Assert.Equal(Sorted(one.ReportedProblems()), Sorted(four.ReportedProblems()));
        Assert.Contains(four.ReportedProblems(), p => p.Table == "invoice_items");
        foreach (var table in BaiSchema.AllTables)
        {
            Assert.Equal(await TargetDatabase.TargetRowsAsync(whole, table), await TargetDatabase.TargetRowsAsync(parts, table));
        }

        source.AssertUnchanged();
    }

    [Fact]
    public async Task Parts_of_many_batches_each_load_a_file_the_verifier_passes()
    {
        // About 20,000 invoice items: each of three parts hands the writer several batches (CopyPipe.BatchRows).
        using var source = await SourceFile.GenerateAsync(SourceFile.Small() with { Accounts = 3, InvoicesPerAccount = 1500, Seed = 11 });
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartWithSettingsAsync(source, database, Split(readers: 3, rowsEach: 2000));

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var readers = Readers(run);
        Assert.Equal(3, readers["invoice_items"]);
        Assert.True(TargetDatabase.SourceCount(source, "invoice_items") > 3 * 3 * CopyPipe.BatchRows);
        // The identity restarts past the largest id, whichever part read it (the verifier's CRUD check took a few ids).
        Assert.True(
            await TargetDatabase.CountAsync(database, "SELECT nextval(pg_get_serial_sequence('invoice_items', 'id'))")
            > await TargetDatabase.CountAsync(database, "SELECT max(id) FROM invoice_items"));
    }

    [Theory]
    [InlineData("Bai:CopyReaders", "0")]
    [InlineData("Bai:CopyReaders", "two")]
    [InlineData("Bai:RowsPerCopyReader", "-5")]
    public async Task A_setting_that_is_no_whole_number_of_at_least_one_is_refused_with_its_name(string key, string value)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);
        using var error = new StringWriter();

        var code = await MigratorEntryPoint.RunAsync(
            ["--sqlite", source.Path, "--no-verify"],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:bai-db"] = database.ConnectionString,
                ["Bai:StateFolder"] = source.StateFolder,
                [key] = value,
            },
            error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains($"{key} is '{value}'", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    private static Dictionary<string, string?> Split(int readers, int rowsEach) => new()
    {
        ["Bai:CopyReaders"] = $"{readers}",
        ["Bai:RowsPerCopyReader"] = $"{rowsEach}",
    };

    /// <summary>Only the tables whose rows are checked each on its own are split: no self-reference, not users' emails.</summary>
    private static void AssertSplitAsDesigned(Dictionary<string, int> readers)
    {
        foreach (var table in new[] { "alembic_version", "users", "item_categories" })
        {
            Assert.True(readers[table] == 1, $"{table} was read by {readers[table]} threads");
        }

        // A parent (its children's references are looked up in the ids its parts indexed) and two leaves.
        Assert.Equal(4, readers["invoices"]);
        Assert.Equal(4, readers["invoice_items"]);
        Assert.Equal(4, readers["payments"]);
    }

    private static Dictionary<string, int> Readers(MigrationRun run) =>
        run.Report.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!, t => t.GetProperty("readers").GetInt32());

    private static List<(string, long, long, long)> Counts(MigrationRun run) =>
    [
        .. run.Report.GetProperty("tables").EnumerateArray().Select(t => (
            t.GetProperty("table").GetString()!, t.GetProperty("source").GetInt64(), t.GetProperty("migrated").GetInt64(), t.GetProperty("rejected").GetInt64())),
    ];

    private static List<ReportedProblem> Sorted(IEnumerable<ReportedProblem> problems) =>
        [.. problems.OrderBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.RowId).ThenBy(p => p.Column, StringComparer.Ordinal).ThenBy(p => p.Code, StringComparer.Ordinal)];
}
