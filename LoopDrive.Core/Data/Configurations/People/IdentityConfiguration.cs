using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.People;

internal sealed class IdentityConfiguration : IEntityTypeConfiguration<Identity>
{
    public void Configure(EntityTypeBuilder<Identity> builder)
    {
        builder.ToTable("identities");
        builder.HasKey(x => x.Id);
        // Unique per workspace (the seed's unique(type, value) would let one tenant block another's customer).
        builder.HasIndex(x => new { x.WorkspaceId, x.Type, x.Value }).IsUnique();
        builder.HasIndex(x => x.PersonId);
        builder.Json(x => x.Metadata);
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
