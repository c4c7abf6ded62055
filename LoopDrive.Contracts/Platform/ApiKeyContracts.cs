namespace LoopDrive.Contracts.Platform;

/// <summary>Scopes an API key may carry. <c>admin</c> manages workspaces and keys; <c>api</c> calls everything else.</summary>
public static class ApiKeyScopes
{
    public const string Admin = "admin";
    public const string Api = "api";

    public static readonly IReadOnlyList<string> All = [Admin, Api];
}

/// <summary>Body of <c>POST /api/workspaces/:id/api-keys</c>. Scopes default to <c>["api"]</c>.</summary>
public sealed record ApiKeyCreate(string? Name, IReadOnlyList<string>? Scopes = null);

/// <summary>A key as listed: never the secret, only its first characters for recognition.</summary>
public sealed record ApiKey(
    string Id,
    string WorkspaceId,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);

/// <summary>The answer to creating a key: the only time <c>key</c> (<c>ld_…</c>) is ever shown.</summary>
public sealed record ApiKeyCreated(ApiKey ApiKey, string Key);

public sealed record ApiKeyList(IReadOnlyList<ApiKey> ApiKeys, int Total);
