using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Lifecycle;

/// <summary>
/// complete (executing or paused) and cancel (any state before completion): the status changes
/// and every envelope's unspent balance goes back to the wallet, in one transaction. Each
/// release has a fixed transfer id, so a repeat releases nothing twice.
/// </summary>
public sealed class CloseAllocation(LoopDriveDbContext db, BudgetLedger ledger, TimeProvider clock)
{
    public async Task<BudgetAllocation?> HandleAsync(string workspaceId, string id, bool cancel, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var a = await AllocationStore.LockAsync(db, workspaceId, id, cancellationToken);
        if (a is null) return null;
        var target = cancel ? AllocationStatuses.Cancelled : AllocationStatuses.Completed;
        if (a.Status == target) return a;
        var allowed = cancel
            ? a.Status is not (AllocationStatuses.Completed or AllocationStatuses.Rejected)
            : a.Status is AllocationStatuses.Executing or AllocationStatuses.Paused;
        if (!allowed) throw AllocationStore.WrongState(a, cancel ? "cancel" : "complete");

        a.Status = target;
        a.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        foreach (var channel in PlanMapping.Channels(a).Select(c => c.Channel))
        {
            var envelope = LedgerAccounts.Envelope(a.Id, channel);
            // Locked: a send racing this release either spends first (less is released) or finds the envelope empty.
            var left = await db.Database.SqlQuery<long>($"SELECT balance AS \"Value\" FROM budget_accounts WHERE id = {envelope} FOR UPDATE")
                .ToListAsync(cancellationToken);
            if (left.Count == 0 || left[0] <= 0) continue;
            var outcome = await ledger.TransferAsync(new LedgerTransfer(
                $"release:{a.Id}:{channel}", workspaceId, envelope, LedgerAccounts.Wallet(workspaceId), left[0], TransferKinds.Release,
                a.Id, channel, a.Id, Description: $"Unspent {channel} budget released", WalletTxType: "credit",
                WalletTxSource: "campaign_spend", LedgerType: "adjustment"), cancellationToken);
            if (!outcome.Applied) throw new InvalidOperationException($"Releasing {envelope} failed: {outcome.Status}.");
        }
        await transaction.CommitAsync(cancellationToken);
        return a;
    }
}
