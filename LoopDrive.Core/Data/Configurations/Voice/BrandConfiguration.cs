using LoopDrive.Core.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Voice;

internal sealed class BrandConfiguration : IEntityTypeConfiguration<Brand>
{
    public void Configure(EntityTypeBuilder<Brand> builder)
    {
        builder.ToTable("brands");
        builder.HasKey(x => x.Id);
        builder.RequiredJson(x => x.RequiredDisclaimers);
        builder.HasIndex(x => x.WorkspaceId).IsUnique().HasFilter("is_default").HasDatabaseName("ix_brands_one_default_per_workspace");
        builder.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
    }
}
