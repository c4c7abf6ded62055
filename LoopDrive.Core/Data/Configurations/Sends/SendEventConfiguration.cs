using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Sends;

internal sealed class SendEventConfiguration : IEntityTypeConfiguration<SendEvent>
{
    public void Configure(EntityTypeBuilder<SendEvent> builder)
    {
        builder.ToTable("send_events");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.SendId, x.At });
        builder.HasIndex(x => new { x.SendId, x.ProviderEventId }).IsUnique().HasFilter("provider_event_id is not null");
    }
}
