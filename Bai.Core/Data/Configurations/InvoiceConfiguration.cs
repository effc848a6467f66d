namespace Bai.Core.Data.Configurations;

using Bai.Core.Model;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> entity)
    {
        entity.ConfigureTenant(BaiSchema.Invoices);
        entity.ConfigureReference(BaiSchema.Invoices.ReferenceFor("customer_id")!, e => e.Customer);
        entity.ConfigureReference(BaiSchema.Invoices.ReferenceFor("created_by_id")!, e => e.CreatedBy);
    }
}
