using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Generation;

/// <summary>One prepared insert per tenant table, all run inside the generation's single transaction.</summary>
internal sealed class TenantInserts(SqliteConnection connection) : IDisposable
{
    public InsertCommand Organizations { get; } = new(connection, BaiSchema.Organizations);

    public InsertCommand Users { get; } = new(connection, BaiSchema.Users);

    public InsertCommand ItemCategories { get; } = new(connection, BaiSchema.ItemCategories);

    public InsertCommand Items { get; } = new(connection, BaiSchema.Items);

    public InsertCommand Customers { get; } = new(connection, BaiSchema.Customers);

    public InsertCommand Invoices { get; } = new(connection, BaiSchema.Invoices);

    public InsertCommand InvoiceItems { get; } = new(connection, BaiSchema.InvoiceItems);

    public InsertCommand Payments { get; } = new(connection, BaiSchema.Payments);

    public void Dispose()
    {
        Organizations.Dispose();
        Users.Dispose();
        ItemCategories.Dispose();
        Items.Dispose();
        Customers.Dispose();
        Invoices.Dispose();
        InvoiceItems.Dispose();
        Payments.Dispose();
    }
}
