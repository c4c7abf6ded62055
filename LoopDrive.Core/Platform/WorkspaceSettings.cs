using System.Text.Json;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Core.Platform;

/// <summary>
/// The settings a workspace's policies read, parsed from <c>workspaces.settings</c>. Each area
/// adds its own keys; unknown keys are kept as they are.
/// </summary>
public sealed record WorkspacePolicy(string DefaultRegion, string Timezone, bool FoldEmailSubaddress)
{
    public static WorkspacePolicy From(Workspace workspace)
    {
        var fold = false;
        if (workspace.Settings is { } json)
        {
            using var document = JsonDocument.Parse(json);
            fold = document.RootElement.TryGetProperty("foldEmailSubaddress", out var f) && f.ValueKind == JsonValueKind.True;
        }
        return new WorkspacePolicy(workspace.DefaultRegion, workspace.Timezone, fold);
    }
}

/// <summary>
/// Reads a workspace's policy, cached briefly: it is read on hot paths (every resolve) and changes rarely.
/// The context is taken from the scope only on a cache miss: building one for every call cost more
/// than the cached read it would not be used for.
/// </summary>
public sealed class WorkspacePolicies(IServiceProvider services, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<WorkspacePolicy> GetAsync(string workspaceId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(workspaceId), out WorkspacePolicy? policy))
            return policy!;
        var db = services.GetRequiredService<LoopDriveDbContext>();
        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == workspaceId, cancellationToken);
        policy = WorkspacePolicy.From(workspace);
        cache.Set(Key(workspaceId), policy, CacheFor);
        return policy;
    }

    public void Forget(string workspaceId) => cache.Remove(Key(workspaceId));

    private static string Key(string workspaceId) => "workspace-policy:" + workspaceId;
}
