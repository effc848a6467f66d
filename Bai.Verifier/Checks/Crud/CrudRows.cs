namespace Bai.Verifier.Checks.Crud;

using Bai.Core.Model;

/// <summary>What the CRUD check creates for one account: a customer, an invoice with two items and a payment, no ids given.</summary>
internal sealed class CrudRows
{
    public CrudRows(string account, DateTime now)
    {
        Account = account;
        Customer = new Customer { AccountId = account, Name = "Bai.Verifier CRUD customer", Email = "crud@verifier.invalid", CreatedAt = now };
        Invoice = new Invoice
        {
            AccountId = account, Customer = Customer, InvoiceNumber = $"VERIFY-{Guid.NewGuid():N}"[..20], Status = "draft",
            IssueDate = DateOnly.FromDateTime(now), Currency = "EUR", Subtotal = 30.00m, TaxTotal = 6.00m, Total = 36.00m, CreatedAt = now,
        };
        Invoice.Items.Add(new InvoiceItem { AccountId = account, Description = "CRUD line 1", Quantity = 1.000m, UnitPrice = 10.00m, LineTotal = 10.00m, Position = 1 });
        Invoice.Items.Add(new InvoiceItem { AccountId = account, Description = "CRUD line 2", Quantity = 2.000m, UnitPrice = 10.00m, LineTotal = 20.00m, Position = 2 });
        Payment = new Payment
        {
            AccountId = account, Invoice = Invoice, Customer = Customer, Amount = 36.00m, Currency = "EUR", Method = "bank_transfer",
            PaidAt = now, CreatedAt = now,
        };
    }

    public string Account { get; }

    public Customer Customer { get; }

    public Invoice Invoice { get; }

    public Payment Payment { get; }

    public long[] ItemIds => [.. Invoice.Items.Select(i => i.Id)];
}
