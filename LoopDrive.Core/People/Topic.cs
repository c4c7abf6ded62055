using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

public sealed class Topic : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; set; }
    public required string Name { get; set; }
    public double Weight { get; set; }
    public string? Category { get; set; }
    public required string Source { get; set; }
    public DateTimeOffset? LastSeen { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
