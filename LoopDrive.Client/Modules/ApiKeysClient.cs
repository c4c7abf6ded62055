using LoopDrive.Client.Http;
using LoopDrive.Contracts.Platform;

namespace LoopDrive.Client.Modules;

/// <summary>API keys of a workspace: list, create (the secret is returned once), revoke.</summary>
public sealed class ApiKeysClient : ClientModule
{
    internal ApiKeysClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>GET /api/workspaces/{workspaceId}/api-keys</c></summary>
    public Task<ApiKeyList> ListAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        GetAsync<ApiKeyList>(WorkspaceKeys(workspaceId), cancellationToken);

    /// <summary><c>POST /api/workspaces/{workspaceId}/api-keys</c>: <see cref="ApiKeyCreated.Key"/> is never shown again.</summary>
    public Task<ApiKeyCreated> CreateAsync(string workspaceId, ApiKeyCreate key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return PostAsync<ApiKeyCreated>(WorkspaceKeys(workspaceId), key, cancellationToken);
    }

    /// <summary><c>DELETE /api/api-keys/{apiKeyId}</c>: answers the key with <c>revokedAt</c> set; revoking twice is harmless.</summary>
    public Task<ApiKey> RevokeAsync(string apiKeyId, CancellationToken cancellationToken = default) =>
        DeleteAsync<ApiKey>(ApiPath.Root("api/api-keys").Segment(apiKeyId), cancellationToken);

    private static string WorkspaceKeys(string workspaceId) =>
        ApiPath.Root("api/workspaces").Segment(workspaceId).Segment("api-keys");
}
