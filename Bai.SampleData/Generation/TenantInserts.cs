using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Generation;

/// <summary>One prepared insert per tenant table, all in the generation's single transaction.</summary>
internal sealed class TenantInserts(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    public InsertCommand Organizations { get; } = new(connection, transaction, BaiSchema.Organizations);

    public InsertCommand Users { get; } = new(connection, transaction, BaiSchema.Users);

    public InsertCommand ItemCategories { get; } = new(connection, transaction, BaiSchema.ItemCategories);

    public InsertCommand Items { get; } = new(connection, transaction, BaiSchema.Items);

    public InsertCommand Customers { get; } = new(connection, transaction, BaiSchema.Customers);

    public InsertCommand Invoices { get; } = new(connection, transaction, BaiSchema.Invoices);

    public InsertCommand InvoiceItems { get; } = new(connection, transaction, BaiSchema.InvoiceItems);

    public InsertCommand Payments { get; } = new(connection, transaction, BaiSchema.Payments);

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
