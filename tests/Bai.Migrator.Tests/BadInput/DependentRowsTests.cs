namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.Testing.Postgres;

/// <summary>data-rules.md: "A rejected parent takes its dependent rows with it", never loaded dangling.</summary>
public sealed class DependentRowsTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_rejected_customer_and_category_take_their_dependents_with_them()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        // A customer with invoices, and a category with subcategories, each given a name longer than its varchar.
        source.Edit("""
            UPDATE customers SET name = printf('%.300c', 'x')
            WHERE id = (SELECT customer_id FROM invoices GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1);
            UPDATE item_categories SET name = printf('%.101c', 'y')
            WHERE id = (SELECT parent_id FROM item_categories WHERE parent_id IS NOT NULL ORDER BY parent_id LIMIT 1);
            """);
        var expected = ExpectedRejections(source);
        Assert.Contains(expected, r => r.Table == "invoice_items");
        Assert.Contains(expected, r => r.Table == "items");
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var quarantine = await TargetDatabase.QuarantineAsync(database);
        Assert.Equal(expected.Order(), quarantine.Select(r => (r.Table, r.RowId)).Order());
        foreach (var row in quarantine)
        {
            var codes = QuarantineAssert.Reasons(row).Select(r => r.Code).ToHashSet();
            Assert.True(row.Table is "customers" or "item_categories" && row.RowId == RootOf(source, row.Table)
                ? codes.SetEquals(["too-long"])
                : codes.SetEquals(["rejected-parent"]), $"{row.Table} {row.RowId}: {row.Reasons}");
            QuarantineAssert.HoldsSourceRowWhole(source, row);
        }

        await RejectedDamageTests.AssertLoadedExactlyAsync(source, database, expected, new Dictionary<(string, long, string), string>());
        source.AssertUnchanged();
    }

    /// <summary>
    /// A link to another account's row is a cross-account link whether or not that row loads: it was named only as
    /// the dependent of a rejected row, as if repairing the parent would let it load. Both ways, through a parent
    /// table (payments.customer_id) and through a self-reference (item_categories.parent_id).
    /// </summary>
    [Fact]
    public async Task A_link_to_a_rejected_row_of_another_account_is_also_a_cross_account_link()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit("""
            CREATE TEMP TABLE picked AS SELECT
              (SELECT min(id) FROM customers WHERE account_id = (SELECT max(account_id) FROM customers)) AS customer,
              (SELECT min(id) FROM payments WHERE account_id = (SELECT min(account_id) FROM customers)) AS payment,
              (SELECT min(id) FROM item_categories WHERE account_id = (SELECT max(account_id) FROM item_categories)) AS category,
              (SELECT max(id) FROM item_categories WHERE account_id = (SELECT min(account_id) FROM item_categories)) AS child;
            UPDATE customers SET name = printf('%.300c', 'x') WHERE id = (SELECT customer FROM picked);
            UPDATE payments SET customer_id = (SELECT customer FROM picked) WHERE id = (SELECT payment FROM picked);
            UPDATE item_categories SET name = printf('%.101c', 'y') WHERE id = (SELECT category FROM picked);
            UPDATE item_categories SET parent_id = (SELECT category FROM picked) WHERE id = (SELECT child FROM picked);
            """);
        var (payment, child) = Picked(source);
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var quarantine = await TargetDatabase.QuarantineAsync(database);
        Assert.Equal(
            [("customer_id", "cross-account"), ("customer_id", "rejected-parent")],
            QuarantineAssert.Reasons(quarantine.Single(r => r.Table == "payments" && r.RowId == payment)));
        Assert.Equal(
            [("parent_id", "cross-account"), ("parent_id", "rejected-parent")],
            QuarantineAssert.Reasons(quarantine.Single(r => r.Table == "item_categories" && r.RowId == child)));
        source.AssertUnchanged();
    }

    private static (long Payment, long Child) Picked(SourceFile source)
    {
        using var connection = source.OpenReadOnly();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT id FROM payments WHERE customer_id IN (SELECT id FROM customers WHERE length(name) > 255)
                      AND account_id <> (SELECT account_id FROM customers WHERE length(name) > 255)),
                   (SELECT id FROM item_categories WHERE parent_id IN (SELECT id FROM item_categories WHERE length(name) > 100)
                      AND account_id <> (SELECT account_id FROM item_categories WHERE length(name) > 100))
            """;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static long RootOf(SourceFile source, string table)
    {
        using var connection = source.OpenReadOnly();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {table} WHERE length(name) > 100";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The damaged rows and, transitively, every row that references one of them, computed in SQLite.</summary>
    private static HashSet<(string Table, long RowId)> ExpectedRejections(SourceFile source)
    {
        using var connection = source.OpenReadOnly();
        using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE
              bad_customers(id) AS (SELECT id FROM customers WHERE length(name) > 255),
              bad_categories(id) AS (
                SELECT id FROM item_categories WHERE length(name) > 100
                UNION SELECT c.id FROM item_categories c JOIN bad_categories b ON c.parent_id = b.id),
              bad_items(id) AS (SELECT id FROM items WHERE category_id IN (SELECT id FROM bad_categories)),
              bad_invoices(id) AS (SELECT id FROM invoices WHERE customer_id IN (SELECT id FROM bad_customers))
            SELECT 'customers', id FROM bad_customers
            UNION ALL SELECT 'item_categories', id FROM bad_categories
            UNION ALL SELECT 'items', id FROM bad_items
            UNION ALL SELECT 'invoices', id FROM bad_invoices
            UNION ALL SELECT 'invoice_items', id FROM invoice_items
              WHERE invoice_id IN (SELECT id FROM bad_invoices) OR item_id IN (SELECT id FROM bad_items)
            UNION ALL SELECT 'payments', id FROM payments
              WHERE invoice_id IN (SELECT id FROM bad_invoices) OR customer_id IN (SELECT id FROM bad_customers)
            """;
        using var reader = command.ExecuteReader();
        var rows = new HashSet<(string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }
}
