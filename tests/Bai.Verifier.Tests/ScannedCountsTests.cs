namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Schema;
using Bai.Migrator;
using Bai.SampleData;
using Bai.Testing.Postgres;
using Bai.Verifier.Checks;
using Bai.Verifier.Checks.Content;
using Bai.Verifier.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

/// <summary>
/// When content runs, the counts check takes its numbers from the content scans instead of GROUP BY queries (issue 7).
/// They must be the same numbers in the same buckets: on a file with every kind of row damage (rows in the quarantine)
/// and with account ids SQLite stores oddly (a NUL inside, bytes that are not UTF-8, a BLOB: the bucket of rows
/// without a valid account), and a target that lost a row behind the migrator's back.
/// </summary>
public sealed class ScannedCountsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample with { Damage = DamageKinds.RowLevel.ToHashSet() });
        await harness.EditSourceAsync("""
            UPDATE items SET account_id = 'nul' || char(0) || 'inside' WHERE rowid = (SELECT min(rowid) FROM items);
            UPDATE customers SET account_id = CAST(X'61FF62' AS TEXT) WHERE rowid = (SELECT max(rowid) FROM customers);
            UPDATE payments SET account_id = X'00' WHERE rowid = (SELECT min(rowid) FROM payments);
            """);

        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(BadRowsPolicy.Quarantine));
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM payments WHERE id = (SELECT max(id) FROM payments)", connection);
        Assert.Equal(1, await delete.ExecuteNonQueryAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_content_scans_count_every_row_in_the_same_bucket_as_the_grouping_queries(bool withQuarantine)
    {
        // Without the run's quarantine (as when verifying against another file) the damaged rows are read and fail to
        // convert instead of being skipped: counted all the same, by the account_id as stored.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var host = harness.BuildHost(_ => { });
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
        var run = await RunLedger.LatestAsync(connection, RunRecord.Completed, timeout.Token);
        var quarantine = await Quarantine.LoadAsync(connection, run!.Id, timeout.Token);
        Assert.True(quarantine.Total > 3, $"{quarantine.Total} rows quarantined");
        var context = new VerificationContext(new VerificationSource(run.SnapshotPath, run), withQuarantine ? quarantine : Quarantine.Empty, [], dataSource,
            host.Services.GetRequiredService<IServiceScopeFactory>(), new FindingCollector(NullLogger.Instance));

        var queried = await CountsCheck.CountAsync(context, timeout.Token);
        var scanned = SourceScanner.ScanAll(context, timeout.Token).RowCounts;
        var target = ContentCheck.TargetCounts(await TargetScanner.ScanAllAsync(context, timeout.Token));

        Assert.Equal(Flatten(queried.Source), Flatten(scanned));
        Assert.Equal(Flatten(queried.Target), Flatten(target));
        Assert.Equal(["customers", "items", "payments"],
            Flatten(scanned).Where(c => c.Account == AccountKey.None && BaiSchema.TenantTables.Any(t => t.Name == c.Table)).Select(c => c.Table));
    }

    [Fact]
    public async Task The_counts_check_reports_the_same_with_and_without_the_content_check()
    {
        var (aloneCode, alone) = await harness.VerifyAsync(null, VerifierCheck.Counts);
        var (withCode, withContent) = await harness.VerifyAsync(null, VerifierCheck.Counts, VerifierCheck.Content);

        Assert.Equal(ExitCodes.DataProblems, aloneCode);
        Assert.Equal(ExitCodes.DataProblems, withCode);
        var counts = alone.Findings.Where(f => f.Check == "counts").ToList();
        Assert.Equal("payments", Assert.Single(counts).Table);
        Assert.Equal(counts, withContent.Findings.Where(f => f.Check == "counts"));
        Assert.Equal(alone.Results, withContent.Results.Where(r => r.Check == "counts"));
        Assert.Equal(["counts", "content"], withContent.Results.Select(r => r.Check).Distinct());
    }

    private static List<(string Table, string Account, long Rows)> Flatten(Dictionary<string, Dictionary<string, long>> counts) =>
        [.. counts.SelectMany(t => t.Value.Select(a => (Table: t.Key, Account: a.Key, Rows: a.Value)))
            .OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Account, StringComparer.Ordinal)];
}
