using LoopDrive.Core.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Voice;

internal sealed class CompositionConfiguration : IEntityTypeConfiguration<Composition>
{
    public void Configure(EntityTypeBuilder<Composition> builder)
    {
        builder.ToTable("compositions");
        builder.HasKey(x => x.Id);
        builder.RequiredJson(x => x.Messages);
        builder.RequiredJson(x => x.Guardrails);
        builder.HasIndex(x => new { x.BrandId, x.CreatedAt });
        // The daily token budget sums a workspace's tokens since midnight.
        builder.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        builder.HasIndex(x => x.PersonId);
    }
}
