using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Spine;

internal sealed class OpsPingConfiguration : IEntityTypeConfiguration<OpsPing>
{
    public void Configure(EntityTypeBuilder<OpsPing> builder)
    {
        builder.ToTable("ops_pings");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.WorkspaceId);
    }
}
