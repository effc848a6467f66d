namespace Bai.Migrator.Tests.BadInput;

using System.Globalization;
using Bai.Core;
using Bai.Core.Schema;
using Bai.SampleData;
using Bai.Testing.Postgres;

/// <summary>
/// Issue 5 on files no test wrote by hand (<see cref="RandomDamage"/>): values of every storage class in random cells,
/// deleted parents, rows moved to another account, rows given other ids. The seed also picks the way the file is
/// written and read (<see cref="Shape"/>), so CI's seeds cover each combination; <c>BAI_RANDOM_DAMAGE_SEEDS=1-500</c> runs more.
/// </summary>
public sealed class RandomDamageTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private const string SeedsVariable = "BAI_RANDOM_DAMAGE_SEEDS";

    public static TheoryData<int> Seeds()
    {
        var range = System.Environment.GetEnvironmentVariable(SeedsVariable) is { Length: > 0 } given ? given.Split('-') : ["1", "9"];
        var first = int.Parse(range[0], CultureInfo.InvariantCulture);
        var last = int.Parse(range[^1], CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(first, last - first + 1)];
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Untouched_rows_load_as_they_were_and_only_damaged_rows_or_their_dependents_are_rejected(int seed)
    {
        var shape = Shape.Of(seed);
        using var source = await SourceFile.GenerateAsync(shape.Options);
        var damage = await RandomDamage.ApplyAsync(source, seed, shape.Relaxed, shape.Cells);
        await using var quarantined = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartWithSettingsAsync(source, quarantined, shape.Settings, "--bad-rows", "quarantine");

        // Exit 0 is the verifier's too: counts, checksums, references and isolation hold for the rows that loaded.
        Assert.True(run.ExitCode == ExitCodes.Success, $"{run.Describe()}{System.Environment.NewLine}{damage.Describe()}");
        var quarantine = await TargetDatabase.QuarantineAsync(quarantined);
        foreach (var table in BaiSchema.TenantTables)
        {
            var rejected = quarantine.Where(r => r.Table == table.Name).Select(r => r.RowId).ToHashSet();
            var mustBe = damage.MustBeRejected.GetValueOrDefault(table.Name) ?? [];
            Assert.True(mustBe.IsSubsetOf(rejected), $"{table.Name}: rows {string.Join(", ", mustBe.Except(rejected))} loaded; {damage.Describe()}");
            var needless = rejected.Where(id => !damage.IsTainted(table.Name, id)).ToList();
            Assert.True(needless.Count == 0, $"{table.Name}: untouched rows {string.Join(", ", needless)} rejected; {damage.Describe()}");

            var sourceRows = TargetDatabase.SourceCount(source, table.Name);
            var migrated = await TargetDatabase.CountAsync(quarantined, $"SELECT count(*) FROM {table.Name}");
            Assert.True(sourceRows == migrated + rejected.Count, $"{table.Name}: {sourceRows} source rows != {migrated} migrated + {rejected.Count} rejected");

            // Computed from the file by the test's own reading, not the migrator's: a rejected row must not shift its neighbours.
            var tainted = damage.Tainted.GetValueOrDefault(table.Name) ?? [];
            var loaded = (await TargetDatabase.TargetRowsAsync(quarantined, table)).Where(row => !tainted.Contains(IdOf(row)));
            Assert.Equal(TargetDatabase.ExpectedRows(source, table, tainted, new Dictionary<(long, string), string>()), loaded);
        }

        foreach (var row in quarantine)
        {
            QuarantineAssert.HoldsSourceRowWhole(source, row);
        }

        // The default policy on the same file names exactly those rows and loads nothing.
        await using var refused = await ScratchDatabase.CreateAsync(fixture.Server);
        var failed = await MigrationRun.StartAsync(source, refused);
        Assert.True(failed.ExitCode == (quarantine.Count > 0 ? ExitCodes.DataProblems : ExitCodes.Success), failed.Describe());
        Assert.Equal(quarantine.Select(r => (r.Table, r.RowId)).Order(), failed.ReportedRows().Order());
        if (quarantine.Count > 0)
        {
            Assert.All(await TargetDatabase.TablesAsync(refused), t => Assert.StartsWith($"{BaiSchema.ToolSchema}.", t, StringComparison.Ordinal));
        }

        source.AssertUnchanged();
    }

    /// <summary>How a seed's file is made and read: the seed's remainders each pick one of two ways.</summary>
    private sealed record Shape(SampleOptions Options, int Cells, bool Relaxed, IReadOnlyDictionary<string, string?> Settings)
    {
        public static Shape Of(int seed)
        {
            // One seed in four: a file whose large tables fill several of the copy's 1,024-row batches per reader,
            // so rejected rows fall in every batch and at their edges; the others a few hundred rows.
            var several = seed % 4 == 3;
            var options = several ? SourceFile.Small() with { Accounts = 3, InvoicesPerAccount = 400 } : SourceFile.Small();

            // Two seeds in three write under a relaxed schema (any storage class anywhere), the third through the declared one.
            var relaxed = seed % 3 != 0;

            // Odd seeds read the larger tables with several threads, each a range of ids, into the one COPY.
            var settings = seed % 2 == 1
                ? new Dictionary<string, string?> { ["Bai:CopyReaders"] = "3", ["Bai:RowsPerCopyReader"] = several ? "1000" : "20" }
                : [];
            return new Shape(options, several ? 150 : 30, relaxed, settings);
        }
    }

    /// <summary>The id of a row as <see cref="TargetDatabase.TargetRowsAsync"/> writes it: its first cell.</summary>
    private static long IdOf(string row) => long.Parse(row[..row.IndexOf(" | ", StringComparison.Ordinal)], CultureInfo.InvariantCulture);
}
