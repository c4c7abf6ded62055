using LoopDrive.Core.People;
using LoopDrive.Core.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Events;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.ToTable("events");
        builder.HasKey(x => x.Id);
        // Keyset paging walks (ts, id) backwards; type and channel ride along so stats over a
        // range are answered from the index alone.
        builder.HasIndex(x => new { x.WorkspaceId, x.Ts, x.Id })
            .IncludeProperties(x => new { x.Type, x.Channel })
            .HasDatabaseName("ix_events_workspace_ts_id");
        // Funnels and type filters: one range per step type, person and channel without a heap visit.
        builder.HasIndex(x => new { x.WorkspaceId, x.Type, x.Ts })
            .IncludeProperties(x => new { x.PersonId, x.Channel })
            .HasDatabaseName("ix_events_workspace_type_ts");
        builder.HasIndex(x => new { x.PersonId, x.Ts });
        builder.HasIndex(x => new { x.WorkspaceId, x.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        builder.RequiredJson(x => x.Payload);
        builder.Json(x => x.Metadata);
        builder.Json(x => x.Classification);
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.SetNull);
    }
}
