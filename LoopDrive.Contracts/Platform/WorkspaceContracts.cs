namespace LoopDrive.Contracts.Platform;

/// <summary>Body of <c>POST /api/workspaces</c>. <c>slug</c> defaults to a slug of the name.</summary>
public sealed record WorkspaceCreate(string? Name, string? Slug = null, string? DefaultRegion = null, string? Timezone = null);

/// <summary>A tenant. Every person, send, event and wallet belongs to exactly one.</summary>
public sealed record Workspace(
    string Id,
    string Name,
    string Slug,
    string OrganizationId,
    string DefaultRegion,
    string Timezone,
    DateTimeOffset CreatedAt);

/// <summary>A new workspace and the admin key that was made with it (the key is shown only here).</summary>
public sealed record WorkspaceCreated(Workspace Workspace, ApiKeyCreated AdminKey);

public sealed record WorkspaceList(IReadOnlyList<Workspace> Workspaces, int Total);
