using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

public sealed class BudgetAllocation : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public string? ProfileId { get; set; }
    public required string Status { get; set; }
    /// <summary>ChannelAllocation[] as JSON.</summary>
    public required string Allocations { get; set; }
    public long TotalBudget { get; set; }
    public double? PredictedRoas { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? ExecutedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
