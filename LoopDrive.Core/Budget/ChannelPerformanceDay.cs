using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>
/// Daily outcome rollup per channel (table <c>channel_performance_daily</c>): what the allocator
/// learns from and what the performance history route reads.
/// </summary>
public sealed class ChannelPerformanceDay : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string Channel { get; init; }
    public DateOnly Day { get; init; }
    public long Spend { get; set; }
    public long Impressions { get; set; }
    public long Clicks { get; set; }
    public double Conversions { get; set; }
    public long Revenue { get; set; }
    public long Reachable { get; set; }
}
