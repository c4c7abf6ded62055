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
    public string Strategy { get; set; } = "bandit";
    public string? RequestId { get; set; }
    /// <summary>The AllocationPlan as answered (predictions, reasoning), as JSON.</summary>
    public string? Plan { get; set; }
    public string? RejectedBy { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }
    /// <summary>Set when execution is requested; repeats of execute answer the same id.</summary>
    public string? ExecutionId { get; set; }
    public DateTimeOffset? PeriodStart { get; set; }
    public DateTimeOffset? PeriodEnd { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
