namespace Bai.Core.Model;

public sealed class ItemCategory
{
    public required string AccountId { get; set; }
    public long Id { get; set; }
    public string? ParentAccountId { get; set; }
    public long? ParentId { get; set; }
    public ItemCategory? Parent { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
}
