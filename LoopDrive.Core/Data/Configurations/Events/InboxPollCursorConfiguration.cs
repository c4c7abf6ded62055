using LoopDrive.Core.Events.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Events;

internal sealed class InboxPollCursorConfiguration : IEntityTypeConfiguration<InboxPollCursor>
{
    public void Configure(EntityTypeBuilder<InboxPollCursor> builder)
    {
        builder.ToTable("intake_poll_cursors");
        builder.HasKey(x => new { x.Provider, x.Account });
    }
}
