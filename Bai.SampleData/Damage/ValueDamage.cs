using System.Text;

namespace Bai.SampleData.Damage;

/// <summary>Values the rules of data-rules.md reject: each method writes two to six cells of one kind.</summary>
internal static class ValueDamage
{
    public static void NullInNotNull(DamageContext context)
    {
        const DamageKind kind = DamageKind.NullInNotNull;
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "customer_id", null);
        context.Set(kind, "customers", context.AddCopy("customers").Id, "name", null);
        context.Set(kind, "items", context.AddCopy("items").Id, "unit_price", null);
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "quantity", null);
    }

    public static void Overlong(DamageContext context)
    {
        const DamageKind kind = DamageKind.OverlongVarchar;
        var (line, account) = context.PickRow("invoice_items");
        // 120 characters: over the target's varchar(100) for every account_id.
        context.Set(kind, "invoice_items", line, "account_id", (account + "-" + new string('x', 120))[..120]);
        context.Set(kind, "customers", context.AddCopy("customers").Id, "phone", "+49 " + new string('5', 47));
        // 256 characters, 768 UTF-8 bytes: the limit counts characters.
        context.Set(kind, "items", context.AddCopy("items").Id, "name", new string('漢', 256));
        context.Set(kind, "users", context.AddCopy("users").Id, "role", "accounts-payable-clerk");
    }

    public static void TextInTypedColumn(DamageContext context)
    {
        const DamageKind kind = DamageKind.TextInTypedColumn;
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "total", "N/A");
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "position", "");
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "quantity", "—");
        context.Set(kind, "items", context.AddCopy("items").Id, "is_active", "—");
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "issue_date", "N/A");
        context.Set(kind, "customers", context.AddCopy("customers").Id, "created_at", "");
    }

    public static void LossyRealMoney(DamageContext context)
    {
        const DamageKind kind = DamageKind.LossyRealMoney;
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "unit_price", 19.999);
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "total", 0.123456);
        context.Set(kind, "items", context.AddCopy("items").Id, "tax_rate", 7.125);
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "quantity", 1.0005);
    }

    public static void MixedDateFormats(DamageContext context)
    {
        const DamageKind kind = DamageKind.MixedDateFormats;
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "due_date", "30/03/2024");
        context.Set(kind, "customers", context.AddCopy("customers").Id, "updated_at", "March 3, 2024");
        // A DATE column accepts a datetime only at midnight.
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "issue_date", "2024-03-01 14:30:00");
        context.Set(kind, "users", context.AddCopy("users").Id, "last_login_at", "01.03.2024 14:30");
    }

    public static void ImpossibleDate(DamageContext context)
    {
        const DamageKind kind = DamageKind.ImpossibleDate;
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "issue_date", "2023-02-30");
        context.Set(kind, "users", context.AddCopy("users").Id, "created_at", "2023-02-29 10:00:00.000000");
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "due_date", "2024-13-01");
    }

    public static void NulCharacter(DamageContext context)
    {
        const DamageKind kind = DamageKind.NulCharacter;
        context.Set(kind, "customers", context.AddCopy("customers").Id, "notes", Utf8("Call before\0delivery"));
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "description", Utf8("Consulting\0hour"));
    }

    public static void InvalidUtf8(DamageContext context)
    {
        const DamageKind kind = DamageKind.InvalidUtf8;
        // Latin-1 bytes written by a CSV import that never decoded them: "Café Lumière".
        context.Set(kind, "customers", context.AddCopy("customers").Id, "name",
            new TextBytes([.. "Caf"u8, 0xE9, .. " Lumi"u8, 0xE8, .. "re"u8]));
        // A truncated two-byte sequence.
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "description", new TextBytes([0x4A, 0x6F, 0xC3, 0x28]));
    }

    public static void BlobInTextColumn(DamageContext context)
    {
        const DamageKind kind = DamageKind.BlobInTextColumn;
        context.Set(kind, "customers", context.AddCopy("customers").Id, "notes", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF });
        context.Set(kind, "invoices", context.AddCopy("invoices").Id, "total", new byte[] { 0x00, 0x01, 0x02 });
        // A pickled Python object, as an ORM mistake would store it.
        context.Set(kind, "invoice_items", context.PickRow("invoice_items").Id, "description", new byte[] { 0x80, 0x04, 0x95, 0x0A });
    }

    private static TextBytes Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
