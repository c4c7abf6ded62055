using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>A planned, actual or adjustment amount per channel and category (table <c>budget_ledger</c>).</summary>
public sealed class BudgetLedgerEntry : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public string? AllocationId { get; init; }
    public required string Channel { get; init; }
    public long Amount { get; init; }
    public required string Type { get; init; }
    public required string Category { get; init; }
    public string? ExternalId { get; init; }
    public string? Description { get; init; }
    public string? Metadata { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}
