namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.Testing.Postgres;

/// <summary>
/// data-rules.md: "duplicate ids in a table without a rowid key". A table whose <c>id</c> is declared without a type
/// (or as TEXT) is not keyed by its rowid, and SQLite keeps INTEGER 3, TEXT '3' and TEXT '03' apart, while each
/// converts to the id 3. The first in the copy's order loads, the others are rejected as duplicate ids.
/// </summary>
public sealed class DuplicateIdTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    /// <param name="declared">payments.id as the drifted file declares it.</param>
    /// <param name="copies">The copies of id 3 added: an untyped id keeps INTEGER 3 and TEXT '3' apart; a TEXT id
    /// stores every id as text, where '03' sorts first and loads, so the loaded row's rowid is not its id; a collation
    /// the application registers, declared on that id, is one the copy's ORDER BY id needs.</param>
    [Theory]
    [InlineData("id NOT NULL", "'03', '3'")]
    [InlineData("id TEXT NOT NULL", "'03'")]
    [InlineData("id TEXT COLLATE unicode_ci NOT NULL", "'03'")]
    public async Task Ids_that_convert_alike_are_duplicates_wherever_sqlite_sorts_them(string declared, string copies)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit(connection =>
        {
            connection.CreateCollation("unicode_ci", (a, b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase));
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'payments'";
            var declaration = ((string)read.ExecuteScalar()!).Replace("id INTEGER NOT NULL", declared, StringComparison.Ordinal);
            using var rebuild = connection.CreateCommand();
            // INTEGER ids sort before every TEXT id, and TEXT ids as text ('03' < '1' < '3'): none of the three copies
            // of id 3 is next to another in ORDER BY id.
            rebuild.CommandText = $"""
                ALTER TABLE payments RENAME TO payments_typed;
                {declaration};
                INSERT INTO payments SELECT * FROM payments_typed ORDER BY rowid;
                DROP TABLE payments_typed;
                INSERT INTO payments SELECT copy.id, account_id, invoice_id, customer_id, amount, currency, method, reference, paid_at, created_at
                    FROM payments, (SELECT column1 AS id FROM (VALUES {string.Join(", ", copies.Split(", ").Select(c => $"({c})"))})) AS copy
                    WHERE payments.rowid = 3;
                """;
            rebuild.ExecuteNonQuery();
        });
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartVerifiedAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var quarantine = await TargetDatabase.QuarantineAsync(database);
        Assert.Equal(copies.Split(", ").Length, quarantine.Count);
        Assert.All(quarantine, row =>
        {
            Assert.Equal("payments", row.Table);
            Assert.Equal([("id", "duplicate-id")], QuarantineAssert.Reasons(row));
            QuarantineAssert.HoldsSourceRowWhole(source, row);
        });
        Assert.Equal(1, await TargetDatabase.CountAsync(database, "SELECT count(*) FROM payments WHERE id = 3"));
        source.AssertUnchanged();
    }

    /// <summary>
    /// A parent's id held twice: the first copy loads, the second is a duplicate, and the rows that reference that id
    /// reference the row the target holds under it, so they load. They were rejected as children of a rejected row
    /// whenever the lookup met the duplicate first (some of them, as the parent index's sort fell).
    /// </summary>
    [Fact]
    public async Task Rows_referencing_a_duplicated_id_load_with_the_copy_that_loads()
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small());
        source.Edit(connection =>
        {
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'customers'";
            var declaration = ((string)read.ExecuteScalar()!)
                .Replace("CREATE TABLE customers", "CREATE TABLE customers_untyped", StringComparison.Ordinal)
                .Replace("id INTEGER NOT NULL", "id NOT NULL", StringComparison.Ordinal);
            using var rebuild = connection.CreateCommand();
            // Every customer twice: INTEGER n, which loads, then TEXT 'n', its duplicate. The new table takes the old
            // one's name, so the invoices' and payments' declared references still name customers.
            rebuild.CommandText = $"""
                PRAGMA foreign_keys = OFF;
                {declaration};
                INSERT INTO customers_untyped SELECT * FROM customers ORDER BY rowid;
                INSERT INTO customers_untyped SELECT CAST(id AS TEXT), account_id, name, email, phone, billing_address, tax_number, notes, created_at, updated_at
                    FROM customers ORDER BY rowid;
                DROP TABLE customers;
                ALTER TABLE customers_untyped RENAME TO customers;
                """;
            rebuild.ExecuteNonQuery();
        });
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartVerifiedAsync(source, database, "--bad-rows", "quarantine");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var quarantine = await TargetDatabase.QuarantineAsync(database);
        var customers = TargetDatabase.SourceCount(source, "customers") / 2;
        Assert.Equal(customers, quarantine.Count);
        Assert.All(quarantine, row =>
        {
            Assert.Equal("customers", row.Table);
            Assert.Equal([("id", "duplicate-id")], QuarantineAssert.Reasons(row));
        });
        foreach (var table in new[] { "invoices", "invoice_items", "payments" })
        {
            Assert.Equal(TargetDatabase.SourceCount(source, table), await TargetDatabase.CountAsync(database, $"SELECT count(*) FROM {table}"));
        }

        source.AssertUnchanged();
    }
}
