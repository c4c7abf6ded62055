using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget;

/// <summary>
/// What the Sends area calls to pay for one send: moves cents from the channel's envelope of an
/// executing allocation to the channel's spent account. An empty envelope refuses
/// (<see cref="TransferStatus.InsufficientFunds"/>): marketing spend on that channel stops.
/// </summary>
public sealed class SpendFromEnvelope(LoopDriveDbContext db, BudgetLedger ledger)
{
    /// <param name="transferId">The caller's idempotency key, e.g. the send id: a retried send is charged once.</param>
    /// <param name="allocationId">The allocation to charge; null picks the oldest executing allocation with an envelope for the channel.</param>
    public async Task<SpendOutcome> HandleAsync(
        string workspaceId, string channel, long amountCents, string transferId,
        string? allocationId = null, string? referenceId = null, string category = "send", CancellationToken cancellationToken = default)
    {
        if (amountCents <= 0) return new(TransferStatus.Invalid, null, null);
        var earlier = await db.BudgetTransfers.AsNoTracking().IgnoreQueryFilters()
            .Where(t => t.Id == transferId && t.WorkspaceId == workspaceId).Select(t => t.AllocationId).ToListAsync(cancellationToken);
        if (earlier.Count > 0) return new(TransferStatus.Duplicate, earlier[0], null);

        // Only an executing allocation pays: a paused, completed or cancelled one refuses spend.
        var candidates = await db.BudgetAllocations.AsNoTracking().IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == workspaceId && a.Status == AllocationStatuses.Executing
                        && (allocationId == null || a.Id == allocationId))
            .OrderBy(a => a.ExecutedAt).Select(a => a.Id).ToListAsync(cancellationToken);
        if (candidates.Count == 0) return new(TransferStatus.UnknownAccount, null, null);

        TransferOutcome? last = null;
        foreach (var candidate in candidates)
        {
            last = await ledger.TransferAsync(new LedgerTransfer(
                transferId, workspaceId, LedgerAccounts.Envelope(candidate, channel), LedgerAccounts.Spent(workspaceId, channel),
                amountCents, TransferKinds.Spend, candidate, channel, referenceId,
                Description: "Spend on " + channel, LedgerType: "actual", LedgerCategory: category), cancellationToken);
            if (last.Status is not (TransferStatus.InsufficientFunds or TransferStatus.UnknownAccount))
                return new(last.Status, candidate, last.FromBalance);
        }
        return new(last!.Status, null, null);
    }
}

/// <param name="EnvelopeBalance">Cents left in the envelope after this spend (null when nothing moved now).</param>
public sealed record SpendOutcome(TransferStatus Status, string? AllocationId, long? EnvelopeBalance)
{
    public bool Charged => Status is TransferStatus.Ok or TransferStatus.Duplicate;
}
