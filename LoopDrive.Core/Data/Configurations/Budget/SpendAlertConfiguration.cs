using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class SpendAlertConfiguration : IEntityTypeConfiguration<SpendAlert>
{
    public void Configure(EntityTypeBuilder<SpendAlert> builder)
    {
        builder.ToTable("spend_alerts");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        builder.HasIndex(x => new { x.WorkspaceId, x.DedupeKey }).IsUnique();
    }
}
