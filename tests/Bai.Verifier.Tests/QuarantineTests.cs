namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Migrator;
using Bai.SampleData;
using Bai.Testing.Postgres;

public sealed class QuarantineTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task Source_rows_equal_migrated_plus_quarantined_rows_and_every_check_passes()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample with
        {
            Damage = new HashSet<DamageKind> { DamageKind.OrphanReference, DamageKind.NullInNotNull, DamageKind.TextInTypedColumn, DamageKind.InvalidUtf8, DamageKind.LossyRealMoney },
        });
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(BadRowsPolicy.Quarantine));

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(report.Findings);
        var counts = report.Results.Where(r => r.Check == "counts").ToList();
        Assert.All(counts, r => Assert.True(r.Passed, r.Figures));
        Assert.Contains(counts, r => !r.Figures.Contains("rejected 0", StringComparison.Ordinal));
    }
}
