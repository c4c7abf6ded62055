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
        // Room on each page for the new versions of the rows that the pipeline's status updates write in place (HOT).
        builder.HasStorageParameter("fillfactor", 85);
        // The scheduler's scan for due sends; small because only deferred sends are in it. No index may name
        // status: every status change would then have to write new index entries instead of updating in place.
        builder.Property(x => x.DueAt).HasComputedColumnSql("case when status = 'deferred' then scheduled_for end", stored: true);
        builder.HasIndex(x => x.DueAt).HasFilter("due_at is not null");
        builder.HasIndex(x => x.BulkJobId).HasFilter("bulk_job_id is not null");
        builder.HasIndex(x => x.ExternalId).HasFilter("external_id is not null");
        builder.HasIndex(x => new { x.WorkspaceId, x.QueuedAt });
    }
}
