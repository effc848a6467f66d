namespace Bai.Core.Data.Configurations;

using Bai.Core.Model;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> entity)
    {
        entity.ConfigureTenant(BaiSchema.Users);
        entity.ConfigureReference(BaiSchema.Users.ReferenceFor("organization_id")!, e => e.Organization);
        // The legacy unique email becomes unique per account (target-schema.md, "Other objects").
        entity.HasIndex(e => new { e.AccountId, e.Email }).IsUnique().HasDatabaseName("ux_users_account_id_email");
    }
}
