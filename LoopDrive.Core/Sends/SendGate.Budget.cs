using LoopDrive.Core.Budget;
using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The gate's money: at acceptance a look at the envelopes, at dispatch the charge. The charge
/// follows <see cref="SpendFromEnvelope"/>'s rule (the oldest executing allocation's envelope
/// pays; an empty or missing one passes the charge to the next; the send id is the transfer id,
/// so a repeated dispatch is charged once) but posts a whole list through one
/// <c>budget_transfer_batch</c> call per allocation tried instead of one call per send.
/// </summary>
public sealed partial class SendGate
{
    /// <summary>
    /// At acceptance, only a look: can an executing allocation's envelope for the channel pay the
    /// price? The same rule as the charge at dispatch (no envelope at all passes unless
    /// <see cref="SendOptions.RequireEnvelope"/>), so the caller hears 422 now instead of a failed send later.
    /// </summary>
    private async Task<GateDecision?[]> FundsAsync(IReadOnlyList<Send> sends, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var refusals = new GateDecision?[sends.Count];
        var balances = new Dictionary<(string, string), List<long>>();
        for (var i = 0; i < sends.Count; i++)
        {
            var send = sends[i];
            var price = o.PriceCents.GetValueOrDefault(send.Channel) * Math.Max(1, send.Segments);
            if (price <= 0 || send.Purpose != ContactPurposes.Marketing) continue;
            if (!balances.TryGetValue((send.WorkspaceId, send.Channel), out var envelope))
                balances[(send.WorkspaceId, send.Channel)] = envelope = await EnvelopeBalancesAsync(send.WorkspaceId, send.Channel, cancellationToken);
            if (envelope.Count == 0 && !o.RequireEnvelope) continue;
            if (envelope.Any(b => b >= price)) continue;
            refusals[i] = new(StageAccept, GateDecision.Fail, "insufficient_funds",
                $"No {send.Channel} envelope of an executing allocation holds the {price} cents this send costs.", now);
        }
        return refusals;
    }

    private Task<List<long>> EnvelopeBalancesAsync(string workspaceId, string channel, CancellationToken cancellationToken)
    {
        var executing = db.BudgetAllocations.IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == workspaceId && a.Status == AllocationStatuses.Executing).Select(a => a.Id);
        return db.BudgetAccounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == workspaceId && a.Kind == LedgerAccountKinds.Envelope && a.Channel == channel
                        && a.AllocationId != null && executing.Contains(a.AllocationId))
            .Select(a => a.Balance).ToListAsync(cancellationToken);
    }

    /// <returns>Per send, null when it may go (charged, free, or unfunded where that is allowed); otherwise the refusal.</returns>
    private async Task<GateDecision?[]> ChargeAsync(IReadOnlyList<Send> sends, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var refusals = new GateDecision?[sends.Count];
        var payable = new List<int>();
        for (var i = 0; i < sends.Count; i++)
        {
            var send = sends[i];
            send.PriceCents = o.PriceCents.GetValueOrDefault(send.Channel) * Math.Max(1, send.Segments);
            if (send.PriceCents > 0 && send.Purpose == ContactPurposes.Marketing) payable.Add(i);
        }
        foreach (var workspace in payable.GroupBy(i => sends[i].WorkspaceId, StringComparer.Ordinal))
        {
            var statuses = await SpendAsync(workspace.Key, [.. workspace.Select(i => sends[i])], cancellationToken);
            var k = 0;
            foreach (var i in workspace)
            {
                var send = sends[i];
                var status = statuses[k++];
                if (status is TransferStatus.Ok or TransferStatus.Duplicate) continue;
                if (status == TransferStatus.UnknownAccount && !o.RequireEnvelope)
                {
                    send.PriceCents = 0;
                    continue;
                }
                refusals[i] = new(StageDispatch, GateDecision.Fail, "insufficient_funds",
                    $"The {send.Channel} envelope cannot pay {send.PriceCents} cents ({status}).", now);
            }
        }
        return refusals;
    }

    /// <summary>
    /// Sends a retry found already handed over (the provider accepted, or its answer was lost).
    /// The run that handed them over charged them in its transaction, which rolls back when the
    /// run dies after the call, while the attempt itself was committed before. Charging again is
    /// idempotent (the send id is the transfer id): a charge that committed answers as a duplicate,
    /// a lost one is made now. The message went out either way, so a charge the envelope can no
    /// longer pay is recorded on the send, not refused.
    /// </summary>
    public async Task ChargeHandedOverAsync(IReadOnlyList<Send> sends, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (sends.Count == 0) return;
        var refusals = await ChargeAsync(sends, now, cancellationToken);
        for (var i = 0; i < sends.Count; i++)
        {
            if (refusals[i] is not { } refusal) continue;
            sends[i].PriceCents = 0;
            SendJournal.Add(db, sends[i], "uncharged", "budget", now, refusal.Code, refusal.Detail);
        }
    }

    /// <summary>One workspace's charges: a send already charged is a duplicate; the rest try each executing allocation in turn, all at once.</summary>
    private async Task<TransferStatus[]> SpendAsync(string workspaceId, IReadOnlyList<Send> sends, CancellationToken cancellationToken)
    {
        var statuses = new TransferStatus[sends.Count];
        var ids = sends.Select(s => s.Id).ToList();
        var charged = await db.BudgetTransfers.AsNoTracking().IgnoreQueryFilters()
            .Where(t => t.WorkspaceId == workspaceId && ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
        var pending = new List<int>();
        for (var i = 0; i < sends.Count; i++)
        {
            statuses[i] = charged.Contains(sends[i].Id) ? TransferStatus.Duplicate : TransferStatus.UnknownAccount;
            if (statuses[i] != TransferStatus.Duplicate) pending.Add(i);
        }
        if (pending.Count == 0) return statuses;

        // Only an executing allocation pays: a paused, completed or cancelled one refuses spend.
        var allocations = await db.BudgetAllocations.AsNoTracking().IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == workspaceId && a.Status == AllocationStatuses.Executing)
            .OrderBy(a => a.ExecutedAt).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var allocation in allocations)
        {
            if (pending.Count == 0) break;
            var outcomes = await ledger.TransferBatchAsync([.. pending.Select(i => new LedgerTransfer(
                sends[i].Id, workspaceId, LedgerAccounts.Envelope(allocation, sends[i].Channel), LedgerAccounts.Spent(workspaceId, sends[i].Channel),
                sends[i].PriceCents, TransferKinds.Spend, allocation, sends[i].Channel, sends[i].Id,
                Description: "Spend on " + sends[i].Channel, LedgerType: "actual", LedgerCategory: "send"))], cancellationToken);
            var stillPending = new List<int>();
            for (var k = 0; k < pending.Count; k++)
            {
                statuses[pending[k]] = outcomes[k].Status;
                if (outcomes[k].Status is TransferStatus.InsufficientFunds or TransferStatus.UnknownAccount) stillPending.Add(pending[k]);
            }
            pending = stillPending;
        }
        return statuses;
    }
}
