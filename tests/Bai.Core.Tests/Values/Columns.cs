using Bai.Core.Schema;

namespace Bai.Core.Tests.Values;

/// <summary>Columns of every target kind, shaped like the BAI columns they stand for.</summary>
internal static class Columns
{
    public static ColumnSpec BigInt { get; } = new("customer_id", ValueKind.BigInt, false);
    public static ColumnSpec Integer { get; } = new("position", ValueKind.Integer, false);
    public static ColumnSpec Money { get; } = new("unit_price", ValueKind.Numeric, false, Precision: 12, Scale: 2);
    public static ColumnSpec Quantity { get; } = new("quantity", ValueKind.Numeric, false, Precision: 12, Scale: 3);
    public static ColumnSpec TaxRate { get; } = new("tax_rate", ValueKind.Numeric, true, Precision: 5, Scale: 2);
    public static ColumnSpec Boolean { get; } = new("is_active", ValueKind.Boolean, false);
    public static ColumnSpec Date { get; } = new("issue_date", ValueKind.Date, false);
    public static ColumnSpec Timestamp { get; } = new("created_at", ValueKind.Timestamp, false);
    public static ColumnSpec Currency { get; } = new("currency", ValueKind.Varchar, false, MaxLength: 3);
    public static ColumnSpec AccountId { get; } = new("account_id", ValueKind.Varchar, false, MaxLength: 100);
    public static ColumnSpec Name { get; } = new("name", ValueKind.Varchar, false, MaxLength: 10);
    public static ColumnSpec Notes { get; } = new("notes", ValueKind.Text, true);
}
