using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Sends;

internal sealed class PendingSandboxWebhookConfiguration : IEntityTypeConfiguration<PendingSandboxWebhook>
{
    public void Configure(EntityTypeBuilder<PendingSandboxWebhook> builder)
    {
        builder.ToTable("send_sandbox_webhooks");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(x => x.DueAt);
    }
}
