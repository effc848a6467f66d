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

    /// <summary>
    /// A malformed page in the middle of a table read in parts: SQLite's quick_check of the snapshot finds it before
    /// any reader starts (the readers used to meet it mid-copy, SQLite Error 11, and the copy's rollback undid the rest).
    /// </summary>
    [Fact]
    public async Task A_damaged_page_in_the_middle_of_a_table_is_refused_before_the_copy_and_loads_nothing()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small() with { Accounts = 3, InvoicesPerAccount = 1500, Seed = 11 });
        DamagePageInTheMiddleOf(source.Path, "invoice_items");
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var (code, error) = await MigrationRun.StartWithoutReportAsync(source, database, Split(3, rowsEach: 2000));

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains($"The SQLite source '{source.Path}' is damaged: SQLite's quick_check found", error, StringComparison.Ordinal);
        Assert.Equal(0, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Theory]
    [InlineData("Bai:CopyReaders", "0")]
    [InlineData("Bai:CopyReaders", "two")]
    [InlineData("Bai:RowsPerCopyReader", "-5")]
    public async Task A_setting_that_is_no_whole_number_of_at_least_one_is_refused_with_its_name(string key, string value)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var (code, error) = await MigrationRun.StartWithoutReportAsync(source, database, new Dictionary<string, string?> { [key] = value });

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains($"{key} is '{value}'", error, StringComparison.Ordinal);
        // Refused before anything starts: no snapshot taken, not even the ledger's tables made.
        Assert.Equal(0, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'bai_migration')"));
        Assert.False(Directory.Exists(Path.Combine(source.StateFolder, "backups")));
    }

    /// <summary>
    /// Overwrites the page that the middle pointer of <paramref name="table"/>'s root page leads to (SQLite's file format:
    /// an interior table page, type 5, has a 12-byte header, then 2-byte cell offsets; a cell starts with its child's
    /// 4-byte page number), so the rows before it read and the rest do not.
    /// </summary>
    private static void DamagePageInTheMiddleOf(string path, string table)
    {
        long pageSize, root;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT (SELECT page_size FROM pragma_page_size()), rootpage FROM sqlite_master WHERE name = '{table}'";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            (pageSize, root) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var page = new byte[pageSize];
        file.Position = (root - 1) * pageSize;
        file.ReadExactly(page);
        Assert.True(page[0] == 5, $"the root page of {table} is no interior page (type {page[0]}): the table is too small for this test");
        var cells = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(3));
        var cell = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(12 + (2 * (cells / 2))));
        var child = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(cell));
        file.Position = ((child - 1) * pageSize) + 1;
        file.Write(Enumerable.Repeat((byte)0xFF, 64).ToArray());
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
