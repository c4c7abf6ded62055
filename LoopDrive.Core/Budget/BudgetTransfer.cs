using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>
/// An immutable movement of <see cref="Amount"/> cents from one account to another (table
/// <c>budget_transfers</c>). The id is the caller's idempotency key; a correction is a new
/// transfer that names the one it reverses, never an edit.
/// </summary>
public sealed class BudgetTransfer : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string FromAccountId { get; init; }
    public required string ToAccountId { get; init; }
    public long Amount { get; init; }
    /// <summary>One of <see cref="TransferKinds"/>.</summary>
    public required string Kind { get; init; }
    public string? AllocationId { get; init; }
    public string? Channel { get; init; }
    public string? ReferenceId { get; init; }
    public string? ReversesTransferId { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
