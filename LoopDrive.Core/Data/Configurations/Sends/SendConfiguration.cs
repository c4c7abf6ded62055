using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Sends;

internal sealed class SendConfiguration : IEntityTypeConfiguration<Send>
{
    public void Configure(EntityTypeBuilder<Send> builder)
    {
        builder.ToTable("sends");
        builder.HasKey(x => x.Id);
        builder.Json(x => x.UtmParams);
        builder.Json(x => x.Metadata);
        builder.RequiredJson(x => x.GateDecisions);
        // Per-person history, newest first, and the frequency cap's count per channel.
        builder.HasIndex(x => new { x.PersonId, x.Channel, x.QueuedAt });
        // The scheduler's scan for due sends; small because finished sends leave it.
        builder.HasIndex(x => x.ScheduledFor).HasFilter("status in ('queued','deferred')");
        builder.HasIndex(x => x.BulkJobId).HasFilter("bulk_job_id is not null");
        builder.HasIndex(x => x.ExternalId).HasFilter("external_id is not null");
        builder.HasIndex(x => new { x.WorkspaceId, x.QueuedAt });
    }
}
