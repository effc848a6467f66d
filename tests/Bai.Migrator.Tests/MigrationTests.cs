namespace Bai.Migrator.Tests;

using Bai.Testing;
using Bai.Core.Schema;
using Bai.Migrator.Tests.Support;
using Bai.SampleData;
using Npgsql;

/// <summary>Issue 3, "Done when": one generated file, migrated once, examined from every side.</summary>
public sealed class MigrationTests(MigratedFileFixture migrated) : IClassFixture<MigratedFileFixture>
{
    [Fact]
    public void The_run_succeeds_and_says_so()
    {
        Assert.True(migrated.FirstRun.ExitCode == 0, migrated.FirstRun.Errors);
        Assert.Equal("completed", migrated.FirstRun.Outcome);
    }

    [Fact]
    public async Task Every_value_of_every_row_arrives_as_data_rules_md_says()
    {
        foreach (var table in BaiSchema.AllTables)
        {
            var source = TableContents.FromSqlite(migrated.SqlitePath, table);
            var target = await TableContents.FromPostgresAsync(migrated.ConnectionString, table);
            Assert.Equal(migrated.Summary.RowCounts[table.Name], target.Count);
            Assert.Equal(source.Keys.Order(StringComparer.Ordinal), target.Keys.Order(StringComparer.Ordinal));
            foreach (var (id, values) in source)
            {
                Assert.True(values.SequenceEqual(target[id]), $"{table.Name} id {id}: [{string.Join(", ", values)}] became [{string.Join(", ", target[id])}]");
            }
        }
    }

    [Fact]
    public async Task Unusual_but_faithful_source_values_land_as_their_expected_values()
    {
        var valid = migrated.Summary.Damage.Where(d => d.IsValidConversion).ToList();
        Assert.NotEmpty(valid);
        foreach (var damage in valid)
        {
            var table = BaiSchema.Table(damage.Table);
            var rows = await TableContents.FromPostgresAsync(migrated.ConnectionString, table);
            var row = rows[damage.RowId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            var ordinal = table.Columns.ToList().FindIndex(c => c.Name == damage.Column);
            var expected = damage.Expected is "true" or "false" ? damage.Expected[..1] : damage.Expected;
            Assert.True(expected == row[ordinal], $"{damage.Kind} {damage.Table}.{damage.Column} id {damage.RowId}: raw {damage.RawValue} should be {expected}, is {row[ordinal]}");
        }
    }

    [Fact]
    public async Task Every_key_is_account_then_id_and_every_foreign_key_carries_the_account()
    {
        await using var connection = new NpgsqlConnection(migrated.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in BaiSchema.TenantTables)
        {
            Assert.Equal(["account_id", "id"], await KeyColumnsAsync(connection, table.Name, 'p', null));
            foreach (var reference in table.References)
            {
                Assert.Equal([reference.AccountColumn, reference.Column], await KeyColumnsAsync(connection, table.Name, 'f', reference.ParentTable, reference.Column));
            }
        }
    }

    [Fact]
    public async Task Every_account_column_compares_byte_by_byte_as_sqlite_compared_it()
    {
        await using var connection = new NpgsqlConnection(migrated.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.relname || '.' || a.attname, coalesce(l.collname, 'default')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            LEFT JOIN pg_collation l ON l.oid = a.attcollation AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'default')
            WHERE c.relname = ANY ($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE '%account_id'
            """, connection);
        command.Parameters.AddWithValue(BaiSchema.TenantTables.Select(t => t.Name).ToArray());
        var collations = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                collations.Add(reader.GetString(0), reader.GetString(1));
            }
        }

        var accountColumns = BaiSchema.TenantTables
            .SelectMany(t => t.References.Select(r => $"{t.Name}.{r.AccountColumn}").Prepend($"{t.Name}.{BaiSchema.AccountIdColumn}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(accountColumns, collations.Keys.Order(StringComparer.Ordinal));
        Assert.All(collations, c => Assert.True(c.Value == "C", $"{c.Key} collates as '{c.Value}'"));
    }

    [Fact]
    public async Task Every_account_column_is_the_account_of_the_referenced_source_row()
    {
        foreach (var table in BaiSchema.TenantTables)
        {
            foreach (var reference in table.References)
            {
                // Ids are unique across accounts in the source, so the parent is found by id alone here.
                var wrong = await TableContents.ScalarAsync(migrated.ConnectionString, $"""
                    SELECT count(*) FROM {table.Name} c
                    LEFT JOIN {reference.ParentTable} p ON p.id = c.{reference.Column}
                    WHERE (c.{reference.Column} IS NULL) <> (c.{reference.AccountColumn} IS NULL)
                       OR (c.{reference.Column} IS NOT NULL AND c.{reference.AccountColumn} IS DISTINCT FROM p.account_id)
                    """);
                Assert.True(wrong == 0, $"{table.Name}.{reference.AccountColumn}: {wrong} rows differ from {reference.ParentTable}.account_id");
                var set = await TableContents.ScalarAsync(migrated.ConnectionString, $"SELECT count(*) FROM {table.Name} WHERE {reference.Column} IS NOT NULL");
                Assert.True(set > 0 || table.Name == "item_categories", $"{table.Name}.{reference.Column} is never set: the test would prove nothing");
            }
        }
    }

    [Fact]
    public async Task A_new_row_without_an_id_gets_a_fresh_id_past_every_migrated_one()
    {
        await using var connection = new NpgsqlConnection(migrated.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var table in new[] { "customers", "organizations" })
        {
            await using var max = new NpgsqlCommand($"SELECT max(id) FROM {table}", connection, transaction);
            var largest = (long)(await max.ExecuteScalarAsync())!;
            var columns = table == "customers" ? "account_id, name, created_at" : "account_id, name, currency, created_at";
            var values = table == "customers" ? "'acct_new', 'New', now()" : "'acct_new', 'New', 'EUR', now()";
            await using var insert = new NpgsqlCommand($"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id", connection, transaction);
            var id = (long)(await insert.ExecuteScalarAsync())!;
            Assert.True(id > largest, $"{table}: new id {id} is not past {largest}");
        }

        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task A_second_run_with_the_same_snapshot_changes_nothing_and_says_so()
    {
        var before = await TableContents.ScalarAsync(migrated.ConnectionString, "SELECT sum(xmin::text::bigint) FROM invoices") + await RowCountAsync();
        var second = await migrated.Harness.RunAsync(migrated.SqlitePath, "--no-verify");
        Assert.Equal(0, second.ExitCode);
        Assert.True(second.NothingToDo, second.Outcome);
        var after = await TableContents.ScalarAsync(migrated.ConnectionString, "SELECT sum(xmin::text::bigint) FROM invoices") + await RowCountAsync();
        Assert.Equal(before, after);
    }

    [Fact]
    public void The_sqlite_file_is_never_written()
    {
        Assert.Equal(migrated.SqliteSha256BeforeRun, MigratorHarness.Sha256(migrated.SqlitePath));
    }

    [Fact]
    public void The_snapshot_is_a_readable_copy_of_the_source_with_its_hash_recorded()
    {
        var root = migrated.FirstRun.Report!.RootElement;
        var snapshot = root.GetProperty("snapshotPath").GetString()!;
        Assert.Equal(MigratorHarness.Sha256(snapshot).ToLowerInvariant(), root.GetProperty("snapshotSha256").GetString());
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(snapshot));
        foreach (var table in BaiSchema.AllTables)
        {
            Assert.Equal(TableContents.FromSqlite(migrated.SqlitePath, table).Count, TableContents.FromSqlite(snapshot, table).Count);
        }
    }

    private async Task<long> RowCountAsync()
    {
        long total = 0;
        foreach (var table in BaiSchema.AllTables)
        {
            total += await TableContents.ScalarAsync(migrated.ConnectionString, $"SELECT count(*) FROM {table.Name}");
        }

        return total;
    }

    private static async Task<string[]> KeyColumnsAsync(NpgsqlConnection connection, string table, char kind, string? parent, string? column = null)
    {
        await using var command = new NpgsqlCommand("""
            SELECT array_agg(a.attname ORDER BY k.ord)
            FROM pg_constraint c
            CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
            WHERE c.conrelid = $1::regclass AND c.contype = $2
              AND ($3::text IS NULL OR c.confrelid = $3::regclass)
            GROUP BY c.oid
            HAVING $4::text IS NULL OR $4 = ANY (array_agg(a.attname::text))
            """, connection);
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue((object?)parent ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)column ?? DBNull.Value);
        return (string[])(await command.ExecuteScalarAsync())!;
    }
}
