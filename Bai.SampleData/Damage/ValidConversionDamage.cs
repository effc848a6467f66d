using System.Globalization;

namespace Bai.SampleData.Damage;

/// <summary>
/// Odd values that data-rules.md says are faithful and must load, each recorded with the value PostgreSQL must
/// hold (<see cref="GeneratedDamage.Expected"/>): the tool must neither reject nor reinterpret them.
/// </summary>
internal static class ValidConversionDamage
{
    private static readonly DateTimeOffset Instant = new(2024, 3, 1, 14, 30, 0, TimeSpan.Zero);

    public static void FaithfulRealMoney(DamageContext context)
    {
        const DamageKind kind = DamageKind.FaithfulRealMoney;
        // The sums Python produces with floats: none is the nearest double to its decimal, all mean it.
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "line_total", 0.1 + 0.2, "0.30");
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "tax_total", 1.1 + 2.2, "3.30");
        context.Set(kind, "items", context.AddCopy("items").Id, "unit_price", 0.7 + 0.1, "0.80");
    }

    public static void MixedButValidDates(DamageContext context)
    {
        const DamageKind kind = DamageKind.MixedButValidDates;
        var seconds = Instant.ToUnixTimeSeconds();
        context.Set(kind, "customers", context.AddCopy("customers").Id, "created_at", "2024-03-01T14:30:00", "2024-03-01 14:30:00.000000");
        context.Set(kind, "customers", context.AddCopy("customers").Id, "updated_at", "2024-03-01T14:30:00Z", "2024-03-01 14:30:00.000000");
        context.Set(kind, "users", context.AddCopy("users").Id, "created_at", "2024-03-01 14:30:00.250+02:00", "2024-03-01 12:30:00.250000");
        context.Set(kind, "users", context.AddCopy("users").Id, "last_login_at", seconds, "2024-03-01 14:30:00.000000");
        context.Set(kind, "items", context.AddCopy("items").Id, "updated_at", seconds * 1000 + 123, "2024-03-01 14:30:00.123000");
        context.Set(kind, "items", context.AddCopy("items").Id, "created_at", seconds + 0.5, "2024-03-01 14:30:00.500000");
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "due_date", "2024-03-01 00:00:00", "2024-03-01");
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "created_at", "2024-03-01 14:30", "2024-03-01 14:30:00.000000");
    }

    public static void IntegerAsText(DamageContext context)
    {
        const DamageKind kind = DamageKind.IntegerAsText;
        var (line, _) = context.PickRow("invoice_items");
        var position = context.Scalar<long>("SELECT position FROM invoice_items WHERE id = $id", ("$id", line));
        context.Set(kind, "invoice_items", line, "position", Text(position), Text(position));

        var (other, _) = context.PickRow("invoice_items");
        var invoice = context.Scalar<long>("SELECT invoice_id FROM invoice_items WHERE id = $id", ("$id", other));
        context.Set(kind, "invoice_items", other, "invoice_id", Text(invoice), Text(invoice));

        var (copy, account) = context.AddCopy("invoices");
        var user = context.Scalar<long>("SELECT min(id) FROM users WHERE account_id = $account", ("$account", account));
        context.Set(kind, "invoices", copy, "created_by_id", Text(user), Text(user));
    }

    public static void RealWholeNumberInInteger(DamageContext context)
    {
        const DamageKind kind = DamageKind.RealWholeNumberInInteger;
        var (line, _) = context.PickRow("invoice_items");
        var position = context.Scalar<long>("SELECT position FROM invoice_items WHERE id = $id", ("$id", line));
        context.Set(kind, "invoice_items", line, "position", (double)position, Text(position));

        var (other, _) = context.PickRow("invoice_items", "item_id IS NOT NULL");
        var item = context.Scalar<long>("SELECT item_id FROM invoice_items WHERE id = $id", ("$id", other));
        context.Set(kind, "invoice_items", other, "item_id", (double)item, Text(item));

        var (copy, _) = context.AddCopy("invoices");
        var customer = context.Scalar<long>("SELECT customer_id FROM invoices WHERE id = $id", ("$id", copy));
        context.Set(kind, "invoices", copy, "customer_id", (double)customer, Text(customer));
    }

    public static void DecimalAsText(DamageContext context)
    {
        const DamageKind kind = DamageKind.DecimalAsText;
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "total", "1234.50", "1234.50");
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "quantity", "2.5", "2.500");
        context.Set(kind, "items", context.AddCopy("items").Id, "tax_rate", "19", "19.00");
    }

    public static void TextBoolean(DamageContext context)
    {
        const DamageKind kind = DamageKind.TextBoolean;
        context.Set(kind, "items", context.AddCopy("items").Id, "is_active", "true", "true");
        context.Set(kind, "users", context.AddCopy("users").Id, "is_active", "no", "false");
        context.Set(kind, "items", context.AddCopy("items").Id, "is_active", "F", "false");
        context.Set(kind, "users", context.AddCopy("users").Id, "is_active", "YES", "true");
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
