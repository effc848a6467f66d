namespace Bai.Core.Schema;

using static ValueKind;

/// <summary>
/// The eight BAI tables and <c>alembic_version</c>, as <c>shared/spec/legacy-bai-sqlite.sql</c> declares them,
/// with the target types of <c>shared/spec/target-schema.md</c>. The one description of the data that the
/// generator, the migrator and the verifier share; a test keeps the EF model in step with it.
/// </summary>
public static class BaiSchema
{
    public const string AccountIdColumn = "account_id";
    public const string IdColumn = "id";

    /// <summary>Every <c>account_id</c> and <c>X_account_id</c> is varchar(100), one type everywhere.</summary>
    public const int AccountIdLength = 100;

    /// <summary>
    /// Every account column compares byte by byte (PostgreSQL's <c>"C"</c> collation), as SQLite's default BINARY
    /// collation compared it in the legacy file: the application's <c>ORDER BY account_id</c> and its keyset pages
    /// come out in the order they did on SQLite, whatever the server's locale. The keys, which all lead with an account,
    /// then sort with plain byte comparisons instead of the locale's (issue 7, a server in C.UTF-8: an (account_id, id)
    /// index of 719k rows built in 1.34 s instead of 1.67 s; the migrator's keys and indexes at 6.3M rows in 16.5–18.0 s
    /// instead of 17.3–18.8 s). Equality, and so every key, foreign key and tenant check, is the same under any
    /// deterministic collation.
    /// </summary>
    public const string AccountIdCollation = "C";

    /// <summary>The Alembic revision the model was built for; any other value in the file is schema drift.</summary>
    public const string ExpectedAlembicVersion = "a1b2c3d4e5f6";

    /// <summary>The schema that holds the tool's own tables (runs, rejected rows), never the application's.</summary>
    public const string ToolSchema = "bai_migration";

    public static TableSpec AlembicVersion { get; } = new("alembic_version",
        [new("version_num", Varchar, false, MaxLength: 32)], []);

    public static TableSpec Organizations { get; } = new("organizations",
    [
        Id(), Account(),
        new("name", Varchar, false, 255), new("legal_name", Varchar, true, 255), new("tax_number", Varchar, true, 50),
        new("currency", Varchar, false, 3), new("address", Text, true),
        new("created_at", Timestamp, false), new("updated_at", Timestamp, true),
    ], []);

    public static TableSpec Users { get; } = new("users",
    [
        Id(), Account(), Ref("organization_id", true),
        new("email", Varchar, false, 255), new("full_name", Varchar, true, 255), new("hashed_password", Varchar, false, 255),
        new("role", Varchar, false, 20), new("is_active", Boolean, false),
        new("last_login_at", Timestamp, true), new("created_at", Timestamp, false),
    ], [new("organization_id", "organization_account_id", "organizations", true)]);

    public static TableSpec ItemCategories { get; } = new("item_categories",
    [
        Id(), Account(), Ref("parent_id", true),
        new("name", Varchar, false, 100), new("description", Text, true), new("created_at", Timestamp, false),
    ], [new("parent_id", "parent_account_id", "item_categories", true)]);

    public static TableSpec Items { get; } = new("items",
    [
        Id(), Account(), Ref("category_id", true),
        new("sku", Varchar, true, 64), new("name", Varchar, false, 255), new("description", Text, true),
        new("unit_price", Numeric, false, Precision: 12, Scale: 2), new("tax_rate", Numeric, true, Precision: 5, Scale: 2),
        new("is_active", Boolean, false), new("created_at", Timestamp, false), new("updated_at", Timestamp, true),
    ], [new("category_id", "category_account_id", "item_categories", true)]);

    public static TableSpec Customers { get; } = new("customers",
    [
        Id(), Account(),
        new("name", Varchar, false, 255), new("email", Varchar, true, 255), new("phone", Varchar, true, 50),
        new("billing_address", Text, true), new("tax_number", Varchar, true, 50), new("notes", Text, true),
        new("created_at", Timestamp, false), new("updated_at", Timestamp, true),
    ], []);

    public static TableSpec Invoices { get; } = new("invoices",
    [
        Id(), Account(), Ref("customer_id", false),
        new("invoice_number", Varchar, false, 50), new("status", Varchar, false, 20),
        new("issue_date", Date, false), new("due_date", Date, true), new("currency", Varchar, false, 3),
        new("subtotal", Numeric, false, Precision: 12, Scale: 2), new("tax_total", Numeric, false, Precision: 12, Scale: 2),
        new("total", Numeric, false, Precision: 12, Scale: 2), new("notes", Text, true), Ref("created_by_id", true),
        new("created_at", Timestamp, false), new("updated_at", Timestamp, true),
    ],
    [
        new("customer_id", "customer_account_id", "customers", false),
        new("created_by_id", "created_by_account_id", "users", true),
    ]);

    public static TableSpec InvoiceItems { get; } = new("invoice_items",
    [
        Id(), Account(), Ref("invoice_id", false), Ref("item_id", true),
        new("description", Varchar, false, 500), new("quantity", Numeric, false, Precision: 12, Scale: 3),
        new("unit_price", Numeric, false, Precision: 12, Scale: 2), new("tax_rate", Numeric, true, Precision: 5, Scale: 2),
        new("line_total", Numeric, false, Precision: 12, Scale: 2), new("position", Integer, false),
    ],
    [
        new("invoice_id", "invoice_account_id", "invoices", false, CascadeDelete: true),
        new("item_id", "item_account_id", "items", true),
    ]);

    public static TableSpec Payments { get; } = new("payments",
    [
        Id(), Account(), Ref("invoice_id", true), Ref("customer_id", true),
        new("amount", Numeric, false, Precision: 12, Scale: 2), new("currency", Varchar, false, 3),
        new("method", Varchar, false, 30), new("reference", Varchar, true, 100),
        new("paid_at", Timestamp, false), new("created_at", Timestamp, false),
    ],
    [
        new("invoice_id", "invoice_account_id", "invoices", true),
        new("customer_id", "customer_account_id", "customers", true),
    ]);

    /// <summary>The tenant tables, every parent before its children (the load order).</summary>
    public static IReadOnlyList<TableSpec> TenantTables { get; } =
        [Organizations, Users, ItemCategories, Items, Customers, Invoices, InvoiceItems, Payments];

    /// <summary>Every table the legacy file must hold, <c>alembic_version</c> first.</summary>
    public static IReadOnlyList<TableSpec> AllTables { get; } = [AlembicVersion, .. TenantTables];

    public static TableSpec Table(string name) =>
        AllTables.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"BAI has no table {name}.");

    private static ColumnSpec Id() => new(IdColumn, BigInt, false);

    private static ColumnSpec Account() => new(AccountIdColumn, Varchar, false, AccountIdLength);

    private static ColumnSpec Ref(string name, bool nullable) => new(name, BigInt, nullable);
}
