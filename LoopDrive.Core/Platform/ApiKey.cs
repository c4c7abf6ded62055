using LoopDrive.Core.Common;

namespace LoopDrive.Core.Platform;

/// <summary>
/// An API key. Only the SHA-256 of the secret is stored; <see cref="Prefix"/> (the first
/// characters) lets a person recognise a key in a list without it being usable.
/// </summary>
public sealed class ApiKey : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }
    public required string Prefix { get; init; }
    public required string SecretHash { get; init; }
    public required string[] Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
