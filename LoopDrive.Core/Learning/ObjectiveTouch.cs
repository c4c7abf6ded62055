using LoopDrive.Core.Common;

namespace LoopDrive.Core.Learning;

/// <summary>
/// One due slot of an objective and what the scheduler did with it. The key (objective, touch
/// number) is what makes two scheduler replicas unable to touch a person twice for one slot: the
/// second insert of the same slot fails and its transaction, send included, rolls back.
/// </summary>
public sealed class ObjectiveTouch : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string ObjectiveId { get; init; }
    /// <summary>1 for the first touch of the objective, then 2, 3, …</summary>
    public int Touch { get; init; }
    public required string PersonId { get; init; }
    /// <summary><c>scheduled</c> (a send exists) or <c>skipped</c> (no channel could be used: <see cref="Reason"/> says why).</summary>
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public string? SendId { get; init; }
    public string? Channel { get; init; }
    public DateTimeOffset? ScheduledFor { get; init; }
    /// <summary>When the objective is next due: the send time plus the gap in force when it was chosen.</summary>
    public DateTimeOffset NextDueAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public static class ObjectiveTouchStatuses
{
    public const string Scheduled = "scheduled";
    public const string Skipped = "skipped";
}
