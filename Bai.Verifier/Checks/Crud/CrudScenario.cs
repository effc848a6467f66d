namespace Bai.Verifier.Checks.Crud;

using Bai.Core;
using Bai.Core.Data;
using Bai.Core.Model;
using Bai.Core.Schema;
using Bai.Verifier.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Create, read back, update and delete, through the EF model, for two accounts, inside a transaction the caller rolls
/// back; checks on the way that neither account sees the other's rows and that the database refuses a link across them.
/// </summary>
internal sealed class CrudScenario(BaiDbContext db, IDbContextTransaction transaction, List<Finding> findings, ILoggerFactory? loggerFactory)
{
    private const string UpdatedNotes = "updated by Bai.Verifier";

    public int Operations { get; private set; }

    public async Task RunAsync(string accountA, string accountB, CancellationToken cancellationToken)
    {
        // timestamp without time zone takes an Unspecified DateTime; whole seconds survive the round trip exactly.
        var utc = DateTime.UtcNow;
        var now = DateTime.SpecifyKind(utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond)), DateTimeKind.Unspecified);
        CrudRows[] rows = [new(accountA, now), new(accountB, now)];
        foreach (var r in rows)
        {
            db.AddRange(r.Customer, r.Invoice, r.Payment);
        }

        await SaveAsync(cancellationToken);
        await PausePoints.ReachAsync(PausePoints.CrudWritten, cancellationToken);
        foreach (var r in rows)
        {
            if (r.Customer.Id <= 0 || r.Invoice.Id <= 0 || r.Payment.Id <= 0 || r.ItemIds.Any(id => id <= 0))
            {
                Add("invoices", r.Account, r.Invoice.Id, "the database did not hand out ids for the new rows");
            }
        }

        db.ChangeTracker.Clear();
        foreach (var r in rows)
        {
            await ReadBackAsync(r, expectedNotes: null, cancellationToken);
        }

        await CheckInvisibleAsync(rows[0], rows[1], cancellationToken);
        await CheckInvisibleAsync(rows[1], rows[0], cancellationToken);
        await CheckCrossLinkRefusedAsync(rows[0], rows[1], now, cancellationToken);
        foreach (var r in rows)
        {
            await UpdateAsync(r, cancellationToken);
            await ReadBackAsync(r, UpdatedNotes, cancellationToken);
        }

        foreach (var r in rows)
        {
            await DeleteAsync(r, cancellationToken);
        }
    }

    private async Task ReadBackAsync(CrudRows r, string? expectedNotes, CancellationToken cancellationToken)
    {
        Operations++;
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Items).Include(i => i.Customer)
            .SingleOrDefaultAsync(i => i.AccountId == r.Account && i.Id == r.Invoice.Id, cancellationToken);
        if (invoice is null)
        {
            Add("invoices", r.Account, r.Invoice.Id, "the invoice just written cannot be read back through its account");
            return;
        }

        if (invoice.InvoiceNumber != r.Invoice.InvoiceNumber || invoice.Total != r.Invoice.Total || invoice.Notes != expectedNotes
            || invoice.Customer?.Id != r.Customer.Id || invoice.Items.Count != 2 || invoice.Items.Any(x => x.InvoiceAccountId != r.Account))
        {
            Add("invoices", r.Account, invoice.Id, "the invoice read back differs from what was written (number, total, notes, customer or items)");
        }

        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.AccountId == r.Account && p.Id == r.Payment.Id, cancellationToken);
        if (payment is null || payment.Amount != r.Payment.Amount || payment.InvoiceId != r.Invoice.Id || payment.CustomerAccountId != r.Account)
        {
            Add("payments", r.Account, r.Payment.Id, "the payment read back differs from what was written, or is missing");
        }
    }

    /// <summary>
    /// Queries scoped to <paramref name="own"/>'s account must not see any row of <paramref name="other"/>. A row of
    /// own's account with other's new id, while other still has its row, is own's own older row (the key is account
    /// and id): an identity that handed out an id in use, which the sequences check names; said as such, not as "A
    /// sees B's row". Without other's row, the new row was stored under own's account: that is "A sees B's row".
    /// </summary>
    private async Task CheckInvisibleAsync(CrudRows own, CrudRows other, CancellationToken cancellationToken)
    {
        Operations++;
        var a = own.Account;
        var b = other.Account;
        var itemIds = other.ItemIds;
        if (await db.Customers.AnyAsync(c => c.AccountId == a && c.Id == other.Customer.Id, cancellationToken))
        {
            var reused = await db.Customers.AnyAsync(c => c.AccountId == b && c.Id == other.Customer.Id, cancellationToken);
            Add("customers", a, other.Customer.Id, reused ? InUse("customer", b, other.Customer.Id, a) : $"account '{a}' sees a customer of account '{b}'");
        }

        if (await db.Invoices.AnyAsync(i => i.AccountId == a && i.Id == other.Invoice.Id, cancellationToken))
        {
            var reused = await db.Invoices.AnyAsync(i => i.AccountId == b && i.Id == other.Invoice.Id, cancellationToken);
            Add("invoices", a, other.Invoice.Id, reused ? InUse("invoice", b, other.Invoice.Id, a) : $"account '{a}' sees an invoice of account '{b}'");
        }

        if (await db.InvoiceItems.AnyAsync(x => x.AccountId == a && itemIds.Contains(x.Id), cancellationToken))
        {
            var reused = await db.InvoiceItems.CountAsync(x => x.AccountId == b && itemIds.Contains(x.Id), cancellationToken) == itemIds.Length;
            Add("invoice_items", a, itemIds[0], reused ? InUse("invoice item", b, itemIds[0], a) : $"account '{a}' sees invoice items of account '{b}'");
        }

        if (await db.Payments.AnyAsync(p => p.CustomerAccountId == a && p.CustomerId == other.Customer.Id, cancellationToken))
        {
            var reused = await db.Customers.AnyAsync(c => c.AccountId == b && c.Id == other.Customer.Id, cancellationToken);
            Add("payments", a, other.Payment.Id, reused ? InUse("customer (with payments)", b, other.Customer.Id, a) : $"account '{a}' sees the payments of a customer of account '{b}'");
        }
    }

    private static string InUse(string row, string account, long id, string holder) =>
        $"the new {row} of account '{account}' got id {id}, which account '{holder}' already has: the identity handed out an id in use (see the sequences check), so the id alone no longer names one row";

    /// <summary>
    /// An invoice of A pointing at B's customer must be refused by the database, and by the same-account CHECK: a
    /// refusal for any other reason (a column the model does not fill, a renamed or missing CHECK) proves nothing about
    /// tenant isolation. The write goes through a context of its own on the same transaction, so that EF does not log the
    /// expected refusal as an error.
    /// </summary>
    private async Task CheckCrossLinkRefusedAsync(CrudRows a, CrudRows b, DateTime now, CancellationToken cancellationToken)
    {
        if (a.Account == b.Account)
        {
            return;
        }

        Operations++;
        var expected = BaiSchema.Table("invoices").ReferenceFor("customer_id")!.SameAccountCheck("invoices");
        await transaction.CreateSavepointAsync("cross_account", cancellationToken);
        await using (var probe = BaiDbContextOptions.CreateExpectingRefusal(db.Database.GetDbConnection(), loggerFactory))
        {
            await probe.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken);
            probe.Invoices.Add(new Invoice
            {
                AccountId = a.Account, CustomerAccountId = b.Account, CustomerId = b.Customer.Id, InvoiceNumber = "VERIFY-CROSS", Status = "draft",
                IssueDate = DateOnly.FromDateTime(now), Currency = "EUR", CreatedAt = now,
            });
            try
            {
                await probe.SaveChangesAsync(cancellationToken);
                Add("invoices", a.Account, null, $"the database accepted an invoice of account '{a.Account}' pointing at a customer of account '{b.Account}'");
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.CheckViolation } refusal && refusal.ConstraintName == expected)
            {
                // Refused by the tenant CHECK, as it must be.
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException refusal)
            {
                // SQLSTATE and constraint only: the message's detail would quote the row.
                Add("invoices", a.Account, null,
                    $"the database refused an invoice of account '{a.Account}' pointing at a customer of account '{b.Account}', but not through {expected} (SQLSTATE {refusal.SqlState}{(refusal.ConstraintName is null ? "" : $", constraint {refusal.ConstraintName}")}): tenant isolation is unproven");
            }
        }

        await transaction.RollbackToSavepointAsync("cross_account", cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task UpdateAsync(CrudRows r, CancellationToken cancellationToken)
    {
        Operations++;
        var invoice = await db.Invoices.Include(i => i.Items).SingleAsync(i => i.AccountId == r.Account && i.Id == r.Invoice.Id, cancellationToken);
        invoice.Notes = UpdatedNotes;
        invoice.Items.OrderBy(x => x.Position).First().Quantity = 3.000m;
        await SaveAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task DeleteAsync(CrudRows r, CancellationToken cancellationToken)
    {
        Operations++;
        db.Payments.RemoveRange(await db.Payments.Where(p => p.AccountId == r.Account && p.Id == r.Payment.Id).ToListAsync(cancellationToken));
        db.Invoices.RemoveRange(await db.Invoices.Include(i => i.Items).Where(i => i.AccountId == r.Account && i.Id == r.Invoice.Id).ToListAsync(cancellationToken));
        db.Customers.RemoveRange(await db.Customers.Where(c => c.AccountId == r.Account && c.Id == r.Customer.Id).ToListAsync(cancellationToken));
        await SaveAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var left = await db.Invoices.CountAsync(i => i.AccountId == r.Account && i.Id == r.Invoice.Id, cancellationToken)
            + await db.InvoiceItems.CountAsync(x => x.InvoiceAccountId == r.Account && x.InvoiceId == r.Invoice.Id, cancellationToken)
            + await db.Payments.CountAsync(p => p.AccountId == r.Account && p.Id == r.Payment.Id, cancellationToken)
            + await db.Customers.CountAsync(c => c.AccountId == r.Account && c.Id == r.Customer.Id, cancellationToken);
        if (left > 0)
        {
            Add("invoices", r.Account, r.Invoice.Id, $"{left} rows are still there after deleting the customer, invoice, items and payment");
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        Operations++;
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Add(string table, string account, long? id, string message) =>
        findings.Add(new Finding(VerifierCheck.Crud.Key(), table, account, id, null, null, null, message));
}
