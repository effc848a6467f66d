namespace Bai.Core.Model;

public sealed class Invoice
{
    public required string AccountId { get; set; }
    public long Id { get; set; }
    public string CustomerAccountId { get; set; } = null!;
    public long CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public required string InvoiceNumber { get; set; }
    public required string Status { get; set; }
    public DateOnly IssueDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public required string Currency { get; set; }
    public decimal Subtotal { get; set; }
    public decimal TaxTotal { get; set; }
    public decimal Total { get; set; }
    public string? Notes { get; set; }
    public string? CreatedByAccountId { get; set; }
    public long? CreatedById { get; set; }
    public User? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public List<InvoiceItem> Items { get; } = [];
}
