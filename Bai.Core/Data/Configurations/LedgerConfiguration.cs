namespace Bai.Core.Data.Configurations;

using Bai.Core.Ledger;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

/// <summary>The migrator's ledger lives in its own schema, beside but never among the application's tables.</summary>
internal sealed class LedgerConfiguration :
    IEntityTypeConfiguration<MigrationRun>, IEntityTypeConfiguration<CopiedChunk>, IEntityTypeConfiguration<RejectedRow>
{
    public void Configure(EntityTypeBuilder<MigrationRun> entity)
    {
        entity.ToTable("runs", BaiSchema.ToolSchema);
        entity.Property(e => e.Counts).HasColumnType("jsonb");
    }

    public void Configure(EntityTypeBuilder<CopiedChunk> entity)
    {
        entity.ToTable("copied_chunks", BaiSchema.ToolSchema);
        entity.HasKey(e => new { e.RunId, e.TableName, e.FirstId });
        entity.HasOne<MigrationRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RejectedRow> entity)
    {
        entity.ToTable("rejected_rows", BaiSchema.ToolSchema);
        entity.Property(e => e.RawValues).HasColumnType("jsonb");
        entity.Property(e => e.Reasons).HasColumnType("jsonb");
        entity.HasIndex(e => new { e.RunId, e.TableName, e.SourceRowId }).IsUnique();
        entity.HasOne<MigrationRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
