using LoopDrive.Core.Common;

namespace LoopDrive.Core.Sends;

/// <summary>
/// An audience fan-out. Recipients are kept on the job and turned into sends a chunk at a time
/// (<see cref="NextIndex"/> marks the progress), so a restart resumes where it stopped and the
/// counts stay exact; the live counts are read from the job's sends.
/// </summary>
public sealed class BulkSendJob : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Channel { get; init; }
    public required string Status { get; set; }
    /// <summary>The shared send fields as jsonb (a <c>BulkTemplate</c>).</summary>
    public required string Template { get; init; }
    public List<string> PersonIds { get; init; } = [];
    public int Total { get; init; }
    public int NextIndex { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}
