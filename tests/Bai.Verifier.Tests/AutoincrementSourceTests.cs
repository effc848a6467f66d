namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Migrator;
using Bai.Verifier.Reporting;
using Bai.Testing.Postgres;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;

public sealed class AutoincrementSourceTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    /// <summary>
    /// A table the source declares AUTOINCREMENT never hands out an id twice. A target whose identity would hand out the
    /// id of a row deleted from the source (as migrators before this release set it: past the largest id left) passed the
    /// sequences check; it is a finding now, and the migrator's own identity passes.
    /// </summary>
    [Fact]
    public async Task An_identity_that_would_give_a_deleted_rows_id_again_is_a_finding()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = harness.SqlitePath, Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            Autoincrement.Rebuild(connection, "payments");
        }

        await harness.EditSourceAsync("DELETE FROM payments WHERE id > (SELECT max(id) - 2 FROM payments)");
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());

        var finding = await PaymentsFindingOnceSetBackAsync(harness);

        Assert.Contains("declares payments AUTOINCREMENT and SQLite had handed out ids up to", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A row the run quarantined keeps its id for when it is fixed and inserted again: an identity that would hand it to
    /// a new row (as migrators before this release set it: past the largest migrated id) is a finding, and the
    /// migrator's own identity passes.
    /// </summary>
    [Fact]
    public async Task An_identity_that_would_give_a_quarantined_rows_id_to_a_new_row_is_a_finding()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        await harness.EditSourceAsync("UPDATE payments SET amount = 'N/A' WHERE id = (SELECT max(id) FROM payments)");
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(BadRowsPolicy.Quarantine));

        var finding = await PaymentsFindingOnceSetBackAsync(harness);

        Assert.Contains("but the run quarantined a row of payments with id", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The sequences check passes the migrator's identity of payments; then, with the identity set back to the largest id
    /// the target holds (as migrators before this release left it), it finds one problem, which is returned.
    /// </summary>
    private static async Task<Finding> PaymentsFindingOnceSetBackAsync(VerifierHarness harness)
    {
        var (migrated, _) = await harness.VerifyAsync(null, VerifierCheck.Sequences);
        await harness.ScalarAsync<long>("SELECT setval(pg_get_serial_sequence('payments', 'id'), (SELECT max(id) FROM payments))");

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Sequences);
        await harness.DeleteFilesAsync();

        Assert.Equal(ExitCodes.Success, migrated);
        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("sequences", "payments"), (finding.Check, finding.Table));
        return finding;
    }
}
