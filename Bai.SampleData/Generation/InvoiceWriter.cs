using System.Globalization;
using static Bai.SampleData.Generation.SqlAlchemyValues;

namespace Bai.SampleData.Generation;

/// <summary>
/// Writes one invoice with its lines and payments, with the arithmetic the Python backend did: each line is
/// <c>round(quantity * unit_price, 2)</c>, tax per line, totals summed in cents, every amount stored as a double.
/// </summary>
internal sealed class InvoiceWriter(TenantInserts inserts, Faker faker, SampleOptions options)
{
    private const long InvoiceSpanSeconds = 5 * 365 * 86_400L;
    private static readonly string[] Methods = ["bank_transfer", "bank_transfer", "card", "card", "cash", "paypal", "direct_debit"];
    private static readonly string[] OtherCurrencies = ["EUR", "USD", "GBP"];

    private readonly List<Line> _lines = new(options.MaxItemsPerInvoice);

    public void Write(AccountState account)
    {
        var invoiceId = inserts.Invoices.NextId;
        var number = ++account.InvoicesWritten;
        var step = Math.Max(60, InvoiceSpanSeconds / Math.Max(1, options.InvoicesPerAccount));
        var issued = account.NextIssueTime;
        account.NextIssueTime = issued + faker.Offset(2 * step);
        var customerId = account.Customers.Pick(faker.Random);
        var currency = faker.Chance(0.05) ? faker.Pick(OtherCurrencies) : account.Currency;
        var status = PickStatus();

        var (subtotal, tax) = BuildLines(account);
        var created = issued + faker.Offset(3_600);
        inserts.Invoices.Begin()
            .AddRowId(invoiceId).Add(account.AccountId).Add(customerId)
            .Add($"INV-{issued.Year}-{number.ToString("000000", CultureInfo.InvariantCulture)}")
            .Add(status)
            .AddDate(issued)
            .AddDate(faker.Chance(0.85) ? issued.AddDays(faker.Chance(0.5) ? 14 : 30) : null)
            .Add(currency)
            .Add(Money(subtotal)).Add(Money(tax)).Add(Money(subtotal + tax))
            .Add(faker.Chance(0.2) ? faker.Note() : null)
            .Add(faker.Chance(0.15) ? null : account.Users.Pick(faker.Random))
            .AddTimestamp(created)
            .AddTimestamp(status == "draft" && faker.Chance(0.5) ? null : created + faker.Offset(20 * 86_400L))
            .End();

        for (var position = 0; position < _lines.Count; position++)
        {
            var line = _lines[position];
            inserts.InvoiceItems.Begin()
                .AddRowId(inserts.InvoiceItems.NextId).Add(account.AccountId).Add(invoiceId).Add(line.ItemId).Add(line.Description)
                .Add(Quantity(line.Thousandths)).Add(Money(line.PriceCents))
                .Add(line.TaxBasisPoints < 0 ? null : Rate(line.TaxBasisPoints))
                .Add(Money(line.TotalCents)).Add(position + 1L)
                .End();
        }

        WritePayments(account, invoiceId, customerId, currency, status, subtotal + tax, created);
    }

    /// <summary>A payment on the customer's balance, not tied to an invoice.</summary>
    public void WriteUnallocatedPayment(AccountState account)
    {
        var paid = account.NextIssueTime + faker.Offset(86_400);
        Payment(account, null, account.Customers.Pick(faker.Random), account.Currency, faker.Random.Next(1_000, 500_000), paid);
    }

    private (long Subtotal, long Tax) BuildLines(AccountState account)
    {
        _lines.Clear();
        var count = faker.Random.Next(options.MinItemsPerInvoice, options.MaxItemsPerInvoice + 1);
        long subtotal = 0, tax = 0;
        for (var i = 0; i < count; i++)
        {
            // Most lines sell a catalogue item at its price; some are free text (item_id NULL).
            long? itemId = null;
            string description;
            long price;
            int rate;
            if (faker.Chance(0.85))
            {
                var offset = faker.Random.Next(account.Items.Count);
                itemId = account.Items.First + offset;
                (price, rate, description) = account.ItemCatalog[offset];
            }
            else
            {
                description = $"{faker.ItemName()} — {faker.City()}";
                price = faker.Random.Next(100, 100_000);
                rate = faker.Chance(0.5) ? 1900 : -1;
            }

            var thousandths = faker.Random.Next(10) switch
            {
                < 7 => faker.Random.Next(1, 11) * 1000L,
                < 9 => faker.Random.Next(1, 20) * 500L,
                _ => faker.Random.Next(1, 20_000),
            };
            var total = RoundHalfEven(thousandths * price, 1000);
            _lines.Add(new Line(itemId, description, thousandths, price, rate, total));
            subtotal += total;
            tax += rate < 0 ? 0 : RoundHalfEven(total * rate, 10_000);
        }

        return (subtotal, tax);
    }

    private void WritePayments(AccountState account, long invoiceId, long customerId, string currency, string status, long total, DateTime created)
    {
        var paid = status == "paid";
        if (status is "draft" or "void" || (!paid && !faker.Chance(options.PartialPaymentRatio)))
        {
            return;
        }

        // Paid invoices: one payment, or two instalments. Others: a partial payment.
        var first = paid && faker.Chance(0.8) ? total : RoundHalfEven(total * faker.Random.Next(20, 80), 100);
        var when = created + faker.Offset(40 * 86_400L);
        Payment(account, invoiceId, faker.Chance(0.1) ? null : customerId, currency, first, when);
        if (paid && first != total)
        {
            Payment(account, invoiceId, customerId, currency, total - first, when + faker.Offset(30 * 86_400L));
        }
    }

    private void Payment(AccountState account, long? invoiceId, long? customerId, string currency, long cents, DateTime paid)
    {
        var id = inserts.Payments.NextId;
        inserts.Payments.Begin()
            .AddRowId(id).Add(account.AccountId).Add(invoiceId).Add(customerId).Add(Money(cents)).Add(currency).Add(faker.Pick(Methods))
            .Add(faker.Chance(0.7) ? $"PAY-{id.ToString("00000000", CultureInfo.InvariantCulture)}" : null)
            .AddTimestamp(paid).AddTimestamp(paid + faker.Offset(600))
            .End();
    }

    private string PickStatus() => faker.Random.Next(100) switch
    {
        < 10 => "draft",
        < 30 => "sent",
        < 85 => "paid",
        < 95 => "overdue",
        _ => "void",
    };

    private readonly record struct Line(long? ItemId, string Description, long Thousandths, long PriceCents, int TaxBasisPoints, long TotalCents);
}
