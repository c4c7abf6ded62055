using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>A spend alert raised by the alerts job (table <c>spend_alerts</c>).</summary>
public sealed class SpendAlert : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public string? AllocationId { get; init; }
    public string? Channel { get; init; }
    public required string Type { get; init; }
    public required string Severity { get; init; }
    public required string Message { get; init; }
    public long CurrentSpend { get; init; }
    public long? ThresholdSpend { get; init; }
    public string? RecommendedAction { get; init; }
    /// <summary>One alert per (allocation, type, day): the job runs often and must not repeat itself.</summary>
    public required string DedupeKey { get; init; }
    public bool Acknowledged { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
