namespace Bai.Verifier.Checks;

using Bai.Core.Data;
using Microsoft.EntityFrameworkCore;

/// <summary>The account-scoped query an application makes through the model, per tenant table: "the ids of account A's rows".</summary>
internal static class AccountScopedQueries
{
    public static IQueryable<long> Ids(BaiDbContext db, string table, string account) => table switch
    {
        "organizations" => db.Organizations.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        "users" => db.Users.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        "item_categories" => db.ItemCategories.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        "items" => db.Items.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        "customers" => db.Customers.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        "invoices" => db.Invoices.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        "invoice_items" => db.InvoiceItems.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        "payments" => db.Payments.AsNoTracking().Where(e => e.AccountId == account).Select(e => e.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a tenant table of the model."),
    };
}
