using System.Text.RegularExpressions;
using Bai.Core.Ledger;
using Bai.Core.Schema;
using Npgsql;

namespace Bai.AppHost.Tests;

/// <summary>The AppHost as committed: the sample is migrated into a fresh container and verified.</summary>
public sealed partial class SampleMigrationTests(SampleMigrationRun run) : IClassFixture<SampleMigrationRun>
{
    [Fact]
    public void Migrator_and_verifier_both_exit_with_code_0()
    {
        Assert.Equal((0, 0), (run.Migrator.Snapshot.ExitCode, run.Verifier.Snapshot.ExitCode));
    }

    [Fact]
    public async Task Every_sample_table_has_as_many_rows_in_bai_db_as_in_the_sample()
    {
        using var timeout = new CancellationTokenSource(BaiAppHost.QueryTimeout);
        var cancellationToken = timeout.Token;
        var sqlite = await GetConnectionStringAsync("bai-sqlite", cancellationToken);
        var baiDb = await GetConnectionStringAsync("bai-db", cancellationToken);

        var expected = await RowCounts.ReadSqliteAsync(sqlite, cancellationToken);
        var actual = await RowCounts.ReadPostgresAsync(baiDb, expected.Keys, cancellationToken);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task The_workers_connect_as_bai_user_which_owns_bai_db_and_has_no_superuser_rights()
    {
        using var timeout = new CancellationTokenSource(BaiAppHost.QueryTimeout);
        var cancellationToken = timeout.Token;
        await using var dataSource = NpgsqlDataSource.Create(await GetConnectionStringAsync("bai-db", cancellationToken));
        await using var command = dataSource.CreateCommand(
            """
            SELECT current_user::text, current_database()::text, pg_get_userbyid(d.datdba)::text,
                   r.rolsuper, r.rolcreatedb, r.rolcreaterole
            FROM pg_database d, pg_roles r
            WHERE d.datname = current_database() AND r.rolname = current_user
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Assert.True(await reader.ReadAsync(cancellationToken));

        var actual = (reader.GetString(0), reader.GetString(1), reader.GetString(2),
            reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5));

        Assert.Equal(("bai_user", "bai_db", "bai_user", false, false, false), actual);
    }

    [Fact]
    public async Task The_run_ledger_holds_one_completed_run_with_the_trace_context_the_verifier_links_to()
    {
        using var timeout = new CancellationTokenSource(BaiAppHost.QueryTimeout);
        var cancellationToken = timeout.Token;
        await using var dataSource = NpgsqlDataSource.Create(await GetConnectionStringAsync("bai-db", cancellationToken));
        await using var command = dataSource.CreateCommand($"SELECT status, trace_parent FROM {BaiSchema.ToolSchema}.runs");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<(string Status, bool HasTraceParent)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add((reader.GetString(0), !reader.IsDBNull(1) && TraceParent().IsMatch(reader.GetString(1))));
        }

        Assert.Equal(new[] { (RunRecord.Completed, true) }, runs);
    }

    private async Task<string> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken) =>
        await run.App.GetConnectionStringAsync(resourceName, cancellationToken)
        ?? throw new InvalidOperationException($"The AppHost gave '{resourceName}' no connection string.");

    // https://www.w3.org/TR/trace-context/#traceparent-header-field-values
    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    private static partial Regex TraceParent();
}
