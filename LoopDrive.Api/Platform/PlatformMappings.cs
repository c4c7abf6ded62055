using C = LoopDrive.Contracts.Platform;
using E = LoopDrive.Core.Platform;

namespace LoopDrive.Api.Platform;

internal static class PlatformMappings
{
    public static C.Workspace ToContract(this E.Workspace w) =>
        new(w.Id, w.Name, w.Slug, w.OrganizationId, w.DefaultRegion, w.Timezone, w.CreatedAt);

    public static C.ApiKey ToContract(this E.ApiKey k) =>
        new(k.Id, k.WorkspaceId, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
