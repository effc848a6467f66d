namespace Bai.Core.Model;

public sealed class User
{
    public required string AccountId { get; set; }
    public long Id { get; set; }
    public string? OrganizationAccountId { get; set; }
    public long? OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public required string Email { get; set; }
    public string? FullName { get; set; }
    public required string HashedPassword { get; set; }
    public required string Role { get; set; }
    public bool IsActive { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
