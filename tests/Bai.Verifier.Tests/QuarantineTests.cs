namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Core.Values;
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

    /// <summary>
    /// The quarantine is the migrator's word that a row could not load, and the content check skipped every row it
    /// lists: a quarantine edited after the run, or a source repaired since, verified as exact while rows were missing.
    /// </summary>
    [Theory]
    [InlineData("edited", "differs from it")]
    [InlineData("no reason", "for no reason")]
    [InlineData("repaired source", "differs from it")]
    public async Task A_quarantined_row_must_be_its_source_row_for_a_reason_it_still_has(string tampering, string says)
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample with { Damage = new HashSet<DamageKind> { DamageKind.NullInNotNull } });
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(BadRowsPolicy.Quarantine));
        var (table, rowId) = await FirstQuarantinedAsync();
        string? sqlite = null;
        switch (tampering)
        {
            case "edited":
                await harness.ScalarAsync<object>(
                    $"UPDATE bai_migration.rejected_rows SET raw_values = jsonb_set(raw_values, '{{created_at,value}}', '\"2001-01-01 00:00:00\"') WHERE table_name = '{table}' AND source_row_id = {rowId}");
                break;
            case "no reason":
                await harness.ScalarAsync<object>($"UPDATE bai_migration.rejected_rows SET reasons = '[]' WHERE table_name = '{table}' AND source_row_id = {rowId}");
                break;
            default:
                sqlite = Path.Combine(Path.GetDirectoryName(harness.SqlitePath)!, "repaired.db");
                File.Copy(harness.SqlitePath, sqlite);
                await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlite};Pooling=false"))
                {
                    await connection.OpenAsync();
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"UPDATE {table} SET created_at = '2001-01-01 00:00:00' WHERE rowid = {rowId}";
                    await command.ExecuteNonQueryAsync();
                }

                break;
        }

        var (code, report) = await harness.VerifyAsync(sqlite);

        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("content", table, rowId), (finding.Check, finding.Table, finding.Id));
        Assert.Contains(says, finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A good row listed in the quarantine whole, as the migrator would have kept it, and deleted from the
    /// target: the values it is listed for convert, so it belongs in the target.</summary>
    [Fact]
    public async Task A_good_row_listed_in_the_quarantine_and_deleted_is_found()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync(BadRowsPolicy.Quarantine));
        var table = BaiSchema.InvoiceItems;
        var raws = new RawValue[table.Columns.Count];
        await using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={harness.SqlitePath};Mode=ReadOnly;Pooling=false"))
        {
            await source.OpenAsync();
            await using var command = source.CreateCommand();
            command.CommandText = $"SELECT rowid, {string.Join(", ", table.Columns.Select(c => c.Name))} FROM invoice_items WHERE rowid = 1";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            SqliteRowReader.ReadRow(reader, raws, firstOrdinal: 1);
        }

        var account = raws[table.OrdinalOf("account_id")].TextValue;
        await harness.ScalarAsync<object>($"""
            INSERT INTO bai_migration.rejected_rows (run_id, table_name, source_row_id, account_id, raw_values, reasons)
            SELECT max(id), 'invoice_items', 1, '{account}', '{RawValueJson.Serialize(table, raws).Replace("'", "''", StringComparison.Ordinal)}'::jsonb,
                   '[{"{"}"column": "quantity", "code": "not-an-integer"{"}"}]'::jsonb
            FROM bai_migration.runs;
            DELETE FROM invoice_items WHERE account_id = '{account}' AND id = 1;
            """);

        var (code, report) = await harness.VerifyAsync();

        Assert.Equal(ExitCodes.DataProblems, code);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("content", "invoice_items", 1L), (finding.Check, finding.Table, finding.Id));
        Assert.Contains("yet every value converts", finding.Message, StringComparison.Ordinal);
    }

    private async Task<(string Table, long RowId)> FirstQuarantinedAsync()
    {
        var table = await harness.ScalarAsync<string>("SELECT table_name FROM bai_migration.rejected_rows ORDER BY table_name, source_row_id LIMIT 1");
        var rowId = await harness.ScalarAsync<long>($"SELECT min(source_row_id) FROM bai_migration.rejected_rows WHERE table_name = '{table}'");
        return (table, rowId);
    }
}
