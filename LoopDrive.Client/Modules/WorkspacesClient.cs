using LoopDrive.Client.Http;
using LoopDrive.Contracts.Platform;

namespace LoopDrive.Client.Modules;

/// <summary>Workspaces: the tenants an admin key can see and create.</summary>
public sealed class WorkspacesClient : ClientModule
{
    private const string Root = "api/workspaces";

    internal WorkspacesClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>GET /api/workspaces</c></summary>
    public Task<WorkspaceList> ListAsync(CancellationToken cancellationToken = default) =>
        GetAsync<WorkspaceList>(Root, cancellationToken);

    /// <summary><c>POST /api/workspaces</c>: the answer holds the new workspace's admin key, shown only this once.</summary>
    public Task<WorkspaceCreated> CreateAsync(WorkspaceCreate workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return PostAsync<WorkspaceCreated>(Root, workspace, cancellationToken);
    }

    /// <summary><c>GET /api/workspaces/current</c>: the workspace the client's key belongs to.</summary>
    public Task<Workspace> GetCurrentAsync(CancellationToken cancellationToken = default) =>
        GetAsync<Workspace>(ApiPath.Root(Root).Segment("current"), cancellationToken);
}
