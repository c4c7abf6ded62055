using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

public sealed class Objective : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; set; }
    public required string Type { get; set; }
    public required string Status { get; set; }
    public string? Context { get; set; }
    public int? Priority { get; set; }
    public DateTimeOffset? DueDate { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
