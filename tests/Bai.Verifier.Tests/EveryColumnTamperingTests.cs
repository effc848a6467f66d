namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>
/// The content check sees every value of every column, to its last digit: in each tenant table, a row of each column
/// gets the smallest change its type allows (a microsecond, a day, one unit of the last decimal place, one character,
/// NOT, another parent of the same account), all at once, and the verifier must name exactly those cells by table,
/// account, id and column. A column left out of the row hash, or a canonical form that drops a digit, fails here.
/// </summary>
public sealed class EveryColumnTamperingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly VerifierHarness harness = new(database.ConnectionString);

    public async Task InitializeAsync()
    {
        await harness.GenerateAsync(VerifierHarness.SmallSample);
        Assert.Equal(ExitCodes.Success, await harness.MigrateAsync());
    }

    public Task DisposeAsync() => harness.DeleteFilesAsync();

    [Fact]
    public async Task The_smallest_change_to_any_column_is_named_by_table_account_id_and_column()
    {
        var changed = new List<(string Table, string? Account, long? Id, string? Column)>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in BaiSchema.TenantTables)
        {
            var columns = table.Columns.Where(c => c.Name is not (BaiSchema.IdColumn or BaiSchema.AccountIdColumn)).ToList();
            for (var i = 0; i < columns.Count; i++)
            {
                // A row that has a value in the column where one exists, a different row for each column where the table has enough.
                await using var command = new NpgsqlCommand(
                    $"""
                    WITH row AS (
                        SELECT account_id, id FROM {table.Name} ORDER BY {columns[i].Name} IS NULL, id OFFSET {i} % (SELECT count(*) FROM {table.Name}) LIMIT 1)
                    UPDATE {table.Name} t SET {columns[i].Name} = {SmallestChange(table, columns[i])}
                    FROM row WHERE t.account_id = row.account_id AND t.id = row.id
                    RETURNING t.account_id, t.id
                    """,
                    connection);
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync(), $"{table.Name}.{columns[i].Name}: no row changed");
                changed.Add((table.Name, reader.GetString(0), reader.GetInt64(1), columns[i].Name));
            }
        }

        var (code, report) = await harness.VerifyAsync(null, VerifierCheck.Content);

        Assert.Equal(ExitCodes.DataProblems, code);
        Assert.Equal(
            changed.Order(),
            report.Findings.Select(f => (f.Table, f.Account, f.Id, f.Column)).Order());
    }

    /// <summary>The new value of <paramref name="column"/> in the UPDATE of table alias <c>t</c>: never equal to the old one, never NULL.</summary>
    private static string SmallestChange(TableSpec table, ColumnSpec column)
    {
        var c = $"t.{column.Name}";
        if (table.ReferenceFor(column.Name) is { } reference)
        {
            // Another row of the parent in the same account, so the composite foreign key and the tenant CHECK still hold.
            return $"(SELECT p.id FROM {reference.ParentTable} p WHERE p.account_id = t.account_id AND p.id IS DISTINCT FROM {c} ORDER BY p.id LIMIT 1)";
        }

        return column.Kind switch
        {
            ValueKind.BigInt or ValueKind.Integer => $"COALESCE({c} + 1, 1)",
            ValueKind.Numeric => $"COALESCE({c} + 1e-{column.Scale}, 0)",
            ValueKind.Boolean => $"COALESCE(NOT {c}, true)",
            ValueKind.Date => $"COALESCE({c} + 1, date '2024-01-01')",
            ValueKind.Timestamp => $"COALESCE({c} + interval '1 microsecond', timestamp '2024-01-01')",
            _ => $"CASE WHEN COALESCE({c}, '') = '' THEN 'x' ELSE overlay({c} placing CASE WHEN left({c}, 1) = 'x' THEN 'y' ELSE 'x' END from 1 for 1) END",
        };
    }
}
