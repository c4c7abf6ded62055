using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Sends;

internal sealed class BulkSendJobConfiguration : IEntityTypeConfiguration<BulkSendJob>
{
    public void Configure(EntityTypeBuilder<BulkSendJob> builder)
    {
        builder.ToTable("send_bulk_jobs");
        builder.HasKey(x => x.Id);
        builder.RequiredJson(x => x.Template);
        builder.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
    }
}
