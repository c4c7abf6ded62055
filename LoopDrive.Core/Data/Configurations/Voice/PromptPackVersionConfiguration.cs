using LoopDrive.Core.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Voice;

internal sealed class PromptPackVersionConfiguration : IEntityTypeConfiguration<PromptPackVersion>
{
    public void Configure(EntityTypeBuilder<PromptPackVersion> builder)
    {
        builder.ToTable("prompt_pack_versions");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.BrandId, x.UseCase, x.Version }).IsUnique();
        builder.HasIndex(x => new { x.BrandId, x.UseCase }).IsUnique().HasFilter("is_active").HasDatabaseName("ix_prompt_pack_versions_one_active");
        builder.Json(x => x.Examples);
        builder.RequiredJson(x => x.Constraints);
        builder.HasOne<Brand>().WithMany().HasForeignKey(x => x.BrandId).OnDelete(DeleteBehavior.Cascade);
    }
}
