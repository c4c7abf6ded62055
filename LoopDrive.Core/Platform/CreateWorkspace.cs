using LoopDrive.Contracts.Platform;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Platform;

/// <summary>
/// Creates a workspace with its first admin key. A new workspace joins the caller's organization;
/// bootstrapping (no caller) starts a new organization.
/// </summary>
public sealed class CreateWorkspace(LoopDriveDbContext db, TimeProvider clock)
{
    public sealed record Result(Workspace Workspace, ApiKey AdminKey, string Secret);

    public async Task<Result> HandleAsync(
        string name, string slug, string? organizationId, string defaultRegion, string timezone,
        string? adminSecret, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var workspace = new Workspace
        {
            Id = Ids.New(IdPrefixes.Workspace, clock),
            OrganizationId = organizationId ?? Ids.New(IdPrefixes.Organization, clock),
            Name = name,
            Slug = slug,
            DefaultRegion = defaultRegion,
            Timezone = timezone,
            CreatedAt = now,
        };
        var secret = adminSecret ?? ApiKeySecrets.Generate();
        var key = ApiKeyFactory.New(workspace.Id, "Admin", [ApiKeyScopes.Admin, ApiKeyScopes.Api], secret, clock);
        db.Workspaces.Add(workspace);
        db.ApiKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            throw new DomainConflictException("slug_taken", $"A workspace with slug '{slug}' already exists.");
        }
        return new Result(workspace, key, secret);
    }
}
