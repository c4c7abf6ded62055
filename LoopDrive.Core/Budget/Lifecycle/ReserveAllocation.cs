using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Lifecycle;

/// <summary>
/// The <c>budget.execute</c> consumer's work: moves each channel's budget from the wallet into
/// the allocation's envelope. It runs inside the consumer's transaction (with the inbox row), and
/// every reservation has a fixed transfer id, so a crash leaves all envelopes funded or none and
/// a redelivery funds nothing twice. If the wallet no longer covers the plan, nothing is reserved
/// and the allocation returns to approved with the reason.
/// </summary>
public sealed class ReserveAllocation(LoopDriveDbContext db, BudgetLedger ledger, TimeProvider clock)
{
    public async Task HandleAsync(ExecuteAllocationMessage message, CancellationToken cancellationToken)
    {
        var a = await db.BudgetAllocations.IgnoreQueryFilters()
            .FirstOrDefaultAsync(x => x.Id == message.AllocationId && x.WorkspaceId == message.WorkspaceId, cancellationToken);
        if (a is null || a.ExecutionId != message.ExecutionId || a.Status is not (AllocationStatuses.Executing or AllocationStatuses.Paused)) return;

        var channels = PlanMapping.Channels(a).Where(c => c.Budget > 0).ToList();
        await ledger.EnsureAccountsAsync(a.WorkspaceId, channels.SelectMany(c => new[]
        {
            (LedgerAccounts.Envelope(a.Id, c.Channel), LedgerAccountKinds.Envelope, (string?)a.Id, (string?)c.Channel),
            (LedgerAccounts.Spent(a.WorkspaceId, c.Channel), LedgerAccountKinds.Spent, null, (string?)c.Channel),
        }), cancellationToken);

        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null) await transaction.CreateSavepointAsync("reserve", cancellationToken);
        var outcomes = await ledger.TransferBatchAsync(channels.Select(c => new LedgerTransfer(
            $"reserve:{a.Id}:{c.Channel}", a.WorkspaceId, LedgerAccounts.Wallet(a.WorkspaceId), LedgerAccounts.Envelope(a.Id, c.Channel),
            c.Budget, TransferKinds.Reserve, a.Id, c.Channel, a.Id, Description: $"Reserve for {c.Channel}",
            WalletTxType: "debit", WalletTxSource: "campaign_spend", LedgerType: "planned")).ToList(), cancellationToken);
        if (!outcomes.All(o => o.Applied))
        {
            if (transaction is not null) await transaction.RollbackToSavepointAsync("reserve", cancellationToken);
            else throw new InvalidOperationException("Reservation needs the consumer's transaction to undo a partial reserve.");
            a.Status = AllocationStatuses.Approved;
            a.ExecutionId = null;
            a.ExecutedAt = null;
            a.Metadata = System.Text.Json.JsonSerializer.Serialize(new
            {
                period = AllocationStore.Period(a), executionError = "insufficient_funds", failedAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
