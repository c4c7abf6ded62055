using LoopDrive.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

/// <summary>
/// The one DbContext. Partial files per area declare the sets; one configuration class per
/// entity sets tables, keys and indexes. Every <see cref="IWorkspaceScoped"/> entity is filtered
/// to the current workspace when one is set.
/// </summary>
public sealed partial class LoopDriveDbContext(DbContextOptions<LoopDriveDbContext> options, IWorkspaceContext? workspace = null)
    : DbContext(options)
{
    /// <summary>Read by the query filters at query time (EF parameterizes it per query).</summary>
    private string? CurrentWorkspaceId => workspace?.WorkspaceId;

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LoopDriveDbContext).Assembly);

        var apply = typeof(LoopDriveDbContext).GetMethod(nameof(ApplyWorkspaceFilter),
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        foreach (var entity in modelBuilder.Model.GetEntityTypes()
                     .Where(e => typeof(IWorkspaceScoped).IsAssignableFrom(e.ClrType)).ToList())
        {
            apply.MakeGenericMethod(entity.ClrType).Invoke(this, [modelBuilder]);
        }
    }

    private void ApplyWorkspaceFilter<T>(ModelBuilder modelBuilder) where T : class, IWorkspaceScoped =>
        modelBuilder.Entity<T>().HasQueryFilter(e => CurrentWorkspaceId == null || e.WorkspaceId == CurrentWorkspaceId);
}
