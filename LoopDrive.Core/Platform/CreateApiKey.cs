using LoopDrive.Core.Data;

namespace LoopDrive.Core.Platform;

/// <summary>Makes a key for a workspace and returns its secret, which is never retrievable again.</summary>
public sealed class CreateApiKey(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<(ApiKey Key, string Secret)> HandleAsync(
        string workspaceId, string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.Generate();
        var key = ApiKeyFactory.New(workspaceId, name, [.. scopes.Distinct()], secret, clock);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }
}
