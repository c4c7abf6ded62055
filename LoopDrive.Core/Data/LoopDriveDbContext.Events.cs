using LoopDrive.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<Event> Events => Set<Event>();
}
