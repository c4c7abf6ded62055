using LoopDrive.Core.Voice;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<Snippet> Snippets => Set<Snippet>();
}
