namespace Bai.Core.Model;

public sealed class Payment
{
    public required string AccountId { get; set; }
    public long Id { get; set; }
    public string? InvoiceAccountId { get; set; }
    public long? InvoiceId { get; set; }
    public Invoice? Invoice { get; set; }
    public string? CustomerAccountId { get; set; }
    public long? CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public required string Method { get; set; }
    public string? Reference { get; set; }
    public DateTime PaidAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
