using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>
/// One account of the double-entry ledger (table <c>budget_accounts</c>). Every transfer moves
/// cents from one account to another, so the balances of a workspace always sum to zero: the
/// payment clearing account goes negative by what the outside world paid in; every other account
/// is kept at or above zero by the database.
/// </summary>
public sealed class BudgetAccount : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    /// <summary>One of <see cref="LedgerAccountKinds"/>.</summary>
    public required string Kind { get; init; }
    public string? WalletId { get; init; }
    public string? AllocationId { get; init; }
    public string? Channel { get; init; }
    public long Balance { get; set; }
    public bool AllowNegative { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
