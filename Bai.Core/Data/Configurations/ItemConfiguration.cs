namespace Bai.Core.Data.Configurations;

using Bai.Core.Model;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

internal sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> entity)
    {
        entity.ConfigureTenant(BaiSchema.Items);
        entity.ConfigureReference(BaiSchema.Items.ReferenceFor("category_id")!, e => e.Category);
    }
}
