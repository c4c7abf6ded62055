using LoopDrive.Core.Events;
using LoopDrive.Core.Events.Intake;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<Event> Events => Set<Event>();
    public DbSet<InboxPollCursor> InboxPollCursors => Set<InboxPollCursor>();
}
