using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Voice.Brands;

/// <summary>
/// A brand by id, or the workspace's default. A workspace that has never defined a brand gets one
/// on first use, named after the workspace with a neutral friendly voice, so SDK calls without a
/// brandId work from the first request.
/// </summary>
public sealed class FindBrand(LoopDriveDbContext db, SaveBrand save, IWorkspaceContext workspace)
{
    public Task<Brand?> ByIdAsync(string id, CancellationToken cancellationToken) =>
        db.Brands.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);

    public async Task<Brand?> ResolveAsync(string? brandId, CancellationToken cancellationToken) =>
        brandId is null ? await DefaultAsync(cancellationToken) : await ByIdAsync(brandId, cancellationToken);

    public async Task<Brand> DefaultAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Brands.AsNoTracking().FirstOrDefaultAsync(b => b.IsDefault, cancellationToken);
        if (existing is not null) return existing;
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId).Select(w => w.Name).FirstOrDefaultAsync(cancellationToken);
        try
        {
            return await save.CreateAsync(DemoBrand.Input(name ?? "Our team"), cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            // A concurrent first call created the default; that one is the answer.
            db.ChangeTracker.Clear();
            return await db.Brands.AsNoTracking().FirstAsync(b => b.IsDefault, cancellationToken);
        }
    }
}
