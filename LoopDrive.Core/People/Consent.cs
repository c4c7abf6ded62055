using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

public sealed class Consent : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; set; }
    public required string Channel { get; set; }
    public required string Scope { get; set; }
    public required string Status { get; set; }
    public required string Source { get; set; }
    public DateTimeOffset? GrantedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
