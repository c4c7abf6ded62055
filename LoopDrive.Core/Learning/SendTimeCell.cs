using LoopDrive.Core.Common;

namespace LoopDrive.Core.Learning;

/// <summary>Sends and engagements of one person at one UTC hour of the week (0 = Monday 00:00).</summary>
public sealed class SendTimeCell : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; init; }
    public short HourOfWeek { get; init; }
    public double Trials { get; set; }
    public double Successes { get; set; }
}

/// <summary>How often a person engages: the recommended gap between messages comes from it.</summary>
public sealed class CadenceProfile : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; init; }
    public int Engagements { get; set; }
    public DateTimeOffset? LastEngagedAt { get; set; }
    /// <summary>Exponentially weighted mean of hours between engagements; null until the second one.</summary>
    public double? MeanGapHours { get; set; }
}
