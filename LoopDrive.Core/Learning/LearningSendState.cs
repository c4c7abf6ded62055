using LoopDrive.Core.Common;

namespace LoopDrive.Core.Learning;

/// <summary>
/// What learning has already counted for one send: its impression once, its first positive outcome
/// once, its first negative once. A click followed by a reply is one win, not two, and a repeated
/// webhook that slipped past the provider-id dedupe still cannot count twice.
/// </summary>
public sealed class LearningSendState : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string SendId { get; init; }
    public required string PersonId { get; init; }
    public required string Channel { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public bool Counted { get; set; }
    public bool Converted { get; set; }
    public bool Penalized { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
