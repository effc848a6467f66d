namespace Bai.Core.Data.Configurations;

using Bai.Core.Model;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> entity)
    {
        entity.ConfigureTenant(BaiSchema.Payments);
        entity.ConfigureReference(BaiSchema.Payments.ReferenceFor("invoice_id")!, e => e.Invoice);
        entity.ConfigureReference(BaiSchema.Payments.ReferenceFor("customer_id")!, e => e.Customer);
    }
}
