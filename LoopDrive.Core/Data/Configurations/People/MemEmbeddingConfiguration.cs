using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.People;

internal sealed class MemEmbeddingConfiguration : IEntityTypeConfiguration<MemEmbedding>
{
    public void Configure(EntityTypeBuilder<MemEmbedding> builder)
    {
        builder.ToTable("mem_embeddings");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.PersonId, x.CreatedAt });
        builder.Property(x => x.Vector).HasColumnType("real[]");
        builder.Json(x => x.Metadata);
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
