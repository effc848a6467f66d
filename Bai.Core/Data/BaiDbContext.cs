namespace Bai.Core.Data;

using Bai.Core.Model;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// The BAI model on PostgreSQL: every tenant table keyed <c>(account_id, id)</c>, every reference a composite
/// foreign key that carries the referenced row's account (shared/spec/target-schema.md).
/// </summary>
public sealed class BaiDbContext(DbContextOptions<BaiDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ItemCategory> ItemCategories => Set<ItemCategory>();
    public DbSet<Item> Items => Set<Item>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoiceItem> InvoiceItems => Set<InvoiceItem>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<AlembicVersion> AlembicVersions => Set<AlembicVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BaiDbContext).Assembly);
    }
}
