namespace Bai.Core.Data.Configurations;

using Bai.Core.Model;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

internal sealed class ItemCategoryConfiguration : IEntityTypeConfiguration<ItemCategory>
{
    public void Configure(EntityTypeBuilder<ItemCategory> entity)
    {
        entity.ConfigureTenant(BaiSchema.ItemCategories);
        entity.ConfigureReference(BaiSchema.ItemCategories.ReferenceFor("parent_id")!, e => e.Parent);
    }
}
