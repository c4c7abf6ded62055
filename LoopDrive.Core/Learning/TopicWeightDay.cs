using LoopDrive.Core.Common;

namespace LoopDrive.Core.Learning;

/// <summary>A person's topic weight as the loop last left it on a UTC day: the topic history routes read these.</summary>
public sealed class TopicWeightDay : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; init; }
    public required string Topic { get; init; }
    public DateOnly Day { get; init; }
    public double Weight { get; set; }
}
