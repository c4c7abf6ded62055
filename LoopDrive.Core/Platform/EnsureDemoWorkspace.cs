using LoopDrive.Contracts.Platform;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Platform;

/// <summary>
/// Run mode only: the <c>demo</c> workspace exists and accepts the given key. Safe to run at
/// every start — a second run changes nothing.
/// </summary>
public sealed class EnsureDemoWorkspace(LoopDriveDbContext db, CreateWorkspace createWorkspace, TimeProvider clock)
{
    public const string Slug = "demo";

    public async Task<Workspace> HandleAsync(string demoKey, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.FirstOrDefaultAsync(w => w.Slug == Slug, cancellationToken);
        if (workspace is null)
            return (await createWorkspace.HandleAsync("Demo", Slug, null, "US", "America/New_York", demoKey, cancellationToken)).Workspace;

        var hash = ApiKeySecrets.Hash(demoKey);
        if (!await db.ApiKeys.IgnoreQueryFilters().AnyAsync(k => k.SecretHash == hash, cancellationToken))
        {
            db.ApiKeys.Add(ApiKeyFactory.New(workspace.Id, "Admin", [ApiKeyScopes.Admin, ApiKeyScopes.Api], demoKey, clock));
            await db.SaveChangesAsync(cancellationToken);
        }
        return workspace;
    }
}
