namespace Bai.Core.Data.Configurations;

using Bai.Core.Model;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

internal sealed class InvoiceItemConfiguration : IEntityTypeConfiguration<InvoiceItem>
{
    public void Configure(EntityTypeBuilder<InvoiceItem> entity)
    {
        entity.ConfigureTenant(BaiSchema.InvoiceItems);
        entity.ConfigureReference(BaiSchema.InvoiceItems.ReferenceFor("invoice_id")!, e => e.Invoice, i => i.Items);
        entity.ConfigureReference(BaiSchema.InvoiceItems.ReferenceFor("item_id")!, e => e.Item);
    }
}
