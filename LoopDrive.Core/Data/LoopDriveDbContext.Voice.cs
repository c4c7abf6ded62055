using LoopDrive.Core.Voice;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<Snippet> Snippets => Set<Snippet>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<PromptPackVersion> PromptPackVersions => Set<PromptPackVersion>();
    public DbSet<Composition> Compositions => Set<Composition>();
}
