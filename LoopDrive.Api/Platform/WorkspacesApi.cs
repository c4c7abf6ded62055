using System.Security.Claims;
using LoopDrive.Contracts.Platform;
using LoopDrive.Core.Data;
using LoopDrive.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ApiKeyContract = LoopDrive.Contracts.Platform.ApiKey;
using WorkspaceContract = LoopDrive.Contracts.Platform.Workspace;

namespace LoopDrive.Api.Platform;

/// <summary>
/// Workspaces and their keys. Admin keys manage every workspace of their organization; a
/// workspace of another organization is answered as if it did not exist.
/// </summary>
internal static class WorkspacesApi
{
    public const string AdminPolicy = "admin";

    public static RouteGroupBuilder MapWorkspacesApi(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapGet("/current", GetCurrent).WithName("GetCurrentWorkspace");
        workspaces.MapGet("/", List).RequireAuthorization(AdminPolicy).WithName("ListWorkspaces");
        workspaces.MapPost("/", Create).RequireAuthorization(AdminPolicy).WithName("CreateWorkspace");
        workspaces.MapGet("/{id}/api-keys", ListKeys).RequireAuthorization(AdminPolicy).WithName("ListApiKeys");
        workspaces.MapPost("/{id}/api-keys", CreateKey).RequireAuthorization(AdminPolicy).WithName("CreateApiKey");
        api.MapDelete("/api-keys/{id}", RevokeKey).RequireAuthorization(AdminPolicy).WithTags("Workspaces").WithName("RevokeApiKey");
        return api;
    }

    public static async Task<Results<Ok<WorkspaceContract>, ProblemHttpResult>> GetCurrent(
        ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.FirstOrDefaultAsync(w => w.Id == user.WorkspaceId(), cancellationToken);
        return workspace is null ? Problems.NotFound("workspace") : TypedResults.Ok(workspace.ToContract());
    }

    public static async Task<Ok<WorkspaceList>> List(
        ClaimsPrincipal user, LoopDriveDbContext db, int? limit, int? offset, CancellationToken cancellationToken)
    {
        var query = db.Workspaces.Where(w => w.OrganizationId == user.OrganizationId());
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderBy(w => w.CreatedAt)
            .Skip(Paging.Offset(offset)).Take(Paging.Limit(limit)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new WorkspaceList([.. page.Select(w => w.ToContract())], total));
    }

    public static async Task<Results<Created<WorkspaceCreated>, ValidationProblem>> Create(
        WorkspaceCreate body, ClaimsPrincipal user, CreateWorkspace createWorkspace, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 120)
            errors["name"] = ["Required, at most 120 characters."];
        var slug = body.Slug ?? WorkspaceSlugs.FromName(name ?? "");
        if (!WorkspaceSlugs.IsValid(slug))
            errors["slug"] = ["2–48 lower-case letters, digits and dashes."];
        var region = (body.DefaultRegion ?? "US").ToUpperInvariant();
        if (region.Length != 2 || !region.All(char.IsAsciiLetterUpper))
            errors["defaultRegion"] = ["An ISO 3166-1 alpha-2 region such as US or GB."];
        var timezone = body.Timezone ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
            errors["timezone"] = ["An IANA time zone such as Europe/London."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var created = await createWorkspace.HandleAsync(name!, slug, user.OrganizationId(), region, timezone, null, cancellationToken);
        var contract = new WorkspaceCreated(created.Workspace.ToContract(), new ApiKeyCreated(created.AdminKey.ToContract(), created.Secret));
        return TypedResults.Created($"/api/workspaces/{created.Workspace.Id}", contract);
    }

    public static async Task<Results<Ok<ApiKeyList>, ProblemHttpResult>> ListKeys(
        string id, ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (!await InOrganizationAsync(db, id, user, cancellationToken))
            return Problems.NotFound("workspace");
        var keys = await db.ApiKeys.IgnoreQueryFilters().Where(k => k.WorkspaceId == id)
            .OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ApiKeyList([.. keys.Select(k => k.ToContract())], keys.Count));
    }

    public static async Task<Results<Created<ApiKeyCreated>, ValidationProblem, ProblemHttpResult>> CreateKey(
        string id, ApiKeyCreate body, ClaimsPrincipal user, LoopDriveDbContext db, CreateApiKey createApiKey, CancellationToken cancellationToken)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 120)
            return Problems.Invalid("name", "Required, at most 120 characters.");
        var scopes = body.Scopes ?? [ApiKeyScopes.Api];
        if (scopes.Count == 0 || scopes.Any(s => !ApiKeyScopes.All.Contains(s)))
            return Problems.Invalid("scopes", "One or more of: " + string.Join(", ", ApiKeyScopes.All) + ".");
        if (!await InOrganizationAsync(db, id, user, cancellationToken))
            return Problems.NotFound("workspace");

        var (key, secret) = await createApiKey.HandleAsync(id, name, scopes, cancellationToken);
        return TypedResults.Created($"/api/workspaces/{id}/api-keys", new ApiKeyCreated(key.ToContract(), secret));
    }

    public static async Task<Results<Ok<ApiKeyContract>, ProblemHttpResult>> RevokeKey(
        string id, ClaimsPrincipal user, LoopDriveDbContext db, RevokeApiKey revokeApiKey,
        Microsoft.Extensions.Caching.Memory.IMemoryCache cache, CancellationToken cancellationToken)
    {
        var manageable = await db.Workspaces.Where(w => w.OrganizationId == user.OrganizationId())
            .Select(w => w.Id).ToListAsync(cancellationToken);
        var key = await revokeApiKey.HandleAsync(id, manageable, cancellationToken);
        if (key is null)
            return Problems.NotFound("API key");
        cache.Remove(ApiKeyAuthenticationHandler.CacheKey(key.SecretHash));
        return TypedResults.Ok(key.ToContract());
    }

    private static Task<bool> InOrganizationAsync(LoopDriveDbContext db, string workspaceId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        db.Workspaces.AnyAsync(w => w.Id == workspaceId && w.OrganizationId == user.OrganizationId(), cancellationToken);
}
