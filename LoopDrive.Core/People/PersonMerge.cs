using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

/// <summary>
/// A recorded merge: what moved from source to target and the rows of both as they were, so
/// undo restores them exactly.
/// </summary>
public sealed class PersonMerge : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string SourceId { get; init; }
    public required string TargetId { get; init; }
    /// <summary>A <see cref="MergeSnapshot"/> as JSON.</summary>
    public required string Snapshot { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UndoneAt { get; set; }
}
