namespace Bai.Core.Model;

public sealed class Organization
{
    public required string AccountId { get; set; }
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? LegalName { get; set; }
    public string? TaxNumber { get; set; }
    public required string Currency { get; set; }
    public string? Address { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
}
