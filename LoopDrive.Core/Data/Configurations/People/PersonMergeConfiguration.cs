using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.People;

internal sealed class PersonMergeConfiguration : IEntityTypeConfiguration<PersonMerge>
{
    public void Configure(EntityTypeBuilder<PersonMerge> builder)
    {
        builder.ToTable("person_merges");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.SourceId);
        builder.HasIndex(x => x.TargetId);
        builder.RequiredJson(x => x.Snapshot);
    }
}
