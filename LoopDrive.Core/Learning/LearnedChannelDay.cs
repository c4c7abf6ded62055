using LoopDrive.Core.Common;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Outcomes per channel and UTC day as the loop counted them (deliveries, wins, negatives, revenue):
/// the budget bandit's evidence. Kept apart from the budget's own daily rollup, which a rebuild overwrites.
/// </summary>
public sealed class LearnedChannelDay : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string Channel { get; init; }
    public DateOnly Day { get; init; }
    public long Deliveries { get; set; }
    public long Clicks { get; set; }
    public double Positives { get; set; }
    public double Negatives { get; set; }
    public long Revenue { get; set; }
}

/// <summary>Loop health per minute: outcomes processed, dropped (unknown or erased person), ignored (machine opens), and lag.</summary>
public sealed class LoopHealthMinute : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public DateTimeOffset Minute { get; init; }
    public long Processed { get; set; }
    public long Dropped { get; set; }
    public long Ignored { get; set; }
    public double LagMsSum { get; set; }
    public double LagMsMax { get; set; }
}
