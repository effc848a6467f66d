namespace Bai.Core.Data.Configurations;

using Bai.Core.Model;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

/// <summary>Carried over exactly as Alembic created it, key name included, so the Python backend's history survives.</summary>
internal sealed class AlembicVersionConfiguration : IEntityTypeConfiguration<AlembicVersion>
{
    public void Configure(EntityTypeBuilder<AlembicVersion> entity)
    {
        entity.ToTable(BaiSchema.AlembicVersion.Name);
        entity.HasKey(e => e.VersionNum).HasName("alembic_version_pkc");
        entity.ConfigureColumns(BaiSchema.AlembicVersion);
    }
}
