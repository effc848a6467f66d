namespace Bai.Core.Model;

public sealed class InvoiceItem
{
    public required string AccountId { get; set; }
    public long Id { get; set; }
    public string InvoiceAccountId { get; set; } = null!;
    public long InvoiceId { get; set; }
    public Invoice? Invoice { get; set; }
    public string? ItemAccountId { get; set; }
    public long? ItemId { get; set; }
    public Item? Item { get; set; }
    public required string Description { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal? TaxRate { get; set; }
    public decimal LineTotal { get; set; }
    public int Position { get; set; }
}
