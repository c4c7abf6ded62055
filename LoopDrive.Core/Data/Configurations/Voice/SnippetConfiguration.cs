using LoopDrive.Core.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Voice;

internal sealed class SnippetConfiguration : IEntityTypeConfiguration<Snippet>
{
    public void Configure(EntityTypeBuilder<Snippet> builder)
    {
        builder.ToTable("snippet_library");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Text).HasColumnName("snippet");
        builder.HasIndex(x => new { x.BrandId, x.Channel, x.Objective });
        builder.HasIndex(x => x.WorkspaceId);
        builder.Json(x => x.Metadata);
    }
}
