using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Platform;

/// <summary>Revokes a key; revoking again answers the same revoked key (idempotent).</summary>
public sealed class RevokeApiKey(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<ApiKey?> HandleAsync(string keyId, IReadOnlyCollection<string> manageableWorkspaceIds, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.IgnoreQueryFilters()
            .FirstOrDefaultAsync(k => k.Id == keyId && manageableWorkspaceIds.Contains(k.WorkspaceId), cancellationToken);
        if (key is null) return null;
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return key;
    }
}
