using LoopDrive.Core.Common;

namespace LoopDrive.Core.Platform;

internal static class ApiKeyFactory
{
    public static ApiKey New(string workspaceId, string name, string[] scopes, string secret, TimeProvider clock) => new()
    {
        Id = Ids.New(IdPrefixes.ApiKey, clock),
        WorkspaceId = workspaceId,
        Name = name,
        Prefix = ApiKeySecrets.Display(secret),
        SecretHash = ApiKeySecrets.Hash(secret),
        Scopes = scopes,
        CreatedAt = clock.GetUtcNow(),
    };
}
