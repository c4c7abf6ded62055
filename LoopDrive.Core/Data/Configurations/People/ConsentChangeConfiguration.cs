using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.People;

internal sealed class ConsentChangeConfiguration : IEntityTypeConfiguration<ConsentChange>
{
    public void Configure(EntityTypeBuilder<ConsentChange> builder)
    {
        builder.ToTable("consent_changes");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.PersonId, x.Channel, x.Scope, x.RecordedAt });
        builder.Json(x => x.Metadata);
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
