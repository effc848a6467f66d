namespace Bai.SampleData.Damage;

/// <summary>References that break tenant or referential integrity, and duplicate user emails.</summary>
internal static class ReferenceDamage
{
    /// <summary>
    /// Deletes an invoice (and its payments, as the backend did) but not its items: the legacy schema declares
    /// ON DELETE CASCADE, yet SQLite ignores foreign keys unless <c>PRAGMA foreign_keys</c> is on, so the
    /// items stay, pointing at nothing. Also adds an item in a category that does not exist.
    /// </summary>
    public static void Orphans(DamageContext context)
    {
        const DamageKind kind = DamageKind.OrphanReference;
        var (invoice, _) = context.PickRow("invoices",
            "(SELECT count(*) FROM invoice_items WHERE invoice_id = invoices.id) BETWEEN 1 AND 3");
        var lines = context.Ids("SELECT id FROM invoice_items WHERE invoice_id = $id ORDER BY id", ("$id", invoice));
        context.Execute("DELETE FROM payments WHERE invoice_id = $id", ("$id", invoice));
        context.Execute("DELETE FROM invoices WHERE id = $id", ("$id", invoice));
        foreach (var line in lines)
        {
            context.MarkUsed("invoice_items", line);
            context.Record(new GeneratedDamage(kind, "invoice_items", line, "invoice_id", invoice, SqliteStorageClass.Integer));
        }

        var (item, _) = context.AddCopy("items");
        var missingCategory = context.Scalar<long>("SELECT max(id) FROM item_categories") + 1_000;
        context.Set(kind, "items", item, "category_id", missingCategory);
    }

    /// <summary>An invoice whose customer, and an invoice item whose item, belong to another account.</summary>
    public static void CrossAccount(DamageContext context)
    {
        const DamageKind kind = DamageKind.CrossAccountReference;
        var (invoice, invoiceAccount) = context.AddCopy("invoices");
        context.Set(kind, "invoices", invoice, "customer_id", OtherAccountRow(context, "customers", invoiceAccount));

        var (line, lineAccount) = context.PickRow("invoice_items");
        context.Set(kind, "invoice_items", line, "item_id", OtherAccountRow(context, "items", lineAccount));
    }

    /// <summary>
    /// A second user of the same account with an existing user's email. The legacy unique index on email would
    /// refuse it, so the index goes first: a file whose index was lost (a table rebuilt by hand) looks like this.
    /// </summary>
    public static void DuplicateEmail(DamageContext context)
    {
        context.Execute("DROP INDEX IF EXISTS ix_users_email");
        var (source, _) = context.PickRow("users");
        var email = context.Scalar<string>("SELECT email FROM users WHERE id = $id", ("$id", source));
        var (copy, _) = context.AddCopy("users", source);
        context.Set(DamageKind.DuplicateUserEmail, "users", copy, "email", email);
    }

    private static long OtherAccountRow(DamageContext context, string table, string account) =>
        context.Scalar<long>($"SELECT id FROM {table} WHERE account_id <> $account ORDER BY id LIMIT 1", ("$account", account));
}
