namespace Bai.Core.Model;

public sealed class Item
{
    public required string AccountId { get; set; }
    public long Id { get; set; }
    public string? CategoryAccountId { get; set; }
    public long? CategoryId { get; set; }
    public ItemCategory? Category { get; set; }
    public string? Sku { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal? TaxRate { get; set; }
    public bool IsActive { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
}
