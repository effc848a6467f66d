namespace Bai.SampleData.Tests;

public sealed class ScaleTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Scale_options_give_the_requested_row_counts()
    {
        var options = new SampleOptions
        {
            Accounts = 4, OrganizationsPerAccount = 2, UsersPerAccount = 3, CategoriesPerAccount = 5, ItemsPerAccount = 9,
            CustomersPerAccount = 7, InvoicesPerAccount = 25, MinItemsPerInvoice = 2, MaxItemsPerInvoice = 4,
            UnallocatedPaymentsPerAccount = 2, Seed = 9,
        };

        var summary = await SampleGenerator.GenerateAsync(_temp.File("scale.db"), options, CancellationToken.None);

        Assert.Equal(1, summary.RowCounts["alembic_version"]);
        Assert.Equal(8, summary.RowCounts["organizations"]);
        Assert.Equal(12, summary.RowCounts["users"]);
        Assert.Equal(20, summary.RowCounts["item_categories"]);
        Assert.Equal(36, summary.RowCounts["items"]);
        Assert.Equal(28, summary.RowCounts["customers"]);
        Assert.Equal(100, summary.RowCounts["invoices"]);
        Assert.Equal(4L, Scalar(summary, "SELECT count(DISTINCT account_id) FROM invoices"));
        Assert.Equal(25L, Scalar(summary, "SELECT max(n) FROM (SELECT count(*) AS n FROM invoices GROUP BY account_id)"));
        Assert.Equal(2L, Scalar(summary, "SELECT min(n) FROM (SELECT count(*) AS n FROM invoice_items GROUP BY invoice_id)"));
        Assert.Equal(4L, Scalar(summary, "SELECT max(n) FROM (SELECT count(*) AS n FROM invoice_items GROUP BY invoice_id)"));
        Assert.Equal(8L, Scalar(summary, "SELECT count(*) FROM payments WHERE invoice_id IS NULL"));
        foreach (var (table, rows) in summary.RowCounts)
        {
            Assert.Equal(rows, Scalar(summary, $"SELECT count(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_a_file_is_created()
    {
        var path = _temp.File("never.db");

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            SampleGenerator.GenerateAsync(path, new SampleOptions { Accounts = 1, Damage = new HashSet<DamageKind> { DamageKind.CrossAccountReference } }, CancellationToken.None));

        Assert.Equal("Accounts", error.ParamName);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task An_existing_file_is_never_overwritten()
    {
        var path = _temp.File("exists.db");
        await File.WriteAllTextAsync(path, "keep me", CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => SampleGenerator.GenerateAsync(path, new SampleOptions(), CancellationToken.None));

        Assert.Equal("keep me", await File.ReadAllTextAsync(path, CancellationToken.None));
    }

    public void Dispose() => _temp.Dispose();

    private static long Scalar(SampleSummary summary, string sql) => SqliteFile.Scalar<long>(summary.Path, sql);
}
