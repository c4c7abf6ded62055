using LoopDrive.Core.Budget.Insights;
using LoopDrive.Core.Budget.Lifecycle;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget;

/// <summary>
/// The budget area's periodic work for one workspace: roll up today's and yesterday's channel
/// outcomes, raise alerts, complete allocations whose period is over (releasing what is left),
/// start an auto-reload below threshold, and re-ask the processor for payments whose first call
/// never recorded an answer (same idempotency key, so never a second charge).
/// </summary>
public sealed class RunBudgetMaintenance(
    LoopDriveDbContext db, RollUpChannelPerformance rollUp, RaiseSpendAlerts alerts, CloseAllocation close,
    StartAutoReload autoReload, TopUpWallet topUp, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> WorkspacesAsync(CancellationToken cancellationToken) =>
        await db.Wallets.IgnoreQueryFilters().Select(w => w.WorkspaceId).ToListAsync(cancellationToken);

    public async Task HandleAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await rollUp.HandleAsync(workspaceId, today.AddDays(-1), cancellationToken);
        await rollUp.HandleAsync(workspaceId, today, cancellationToken);
        await alerts.HandleAsync(workspaceId, cancellationToken);

        var due = await db.BudgetAllocations.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == workspaceId && (a.Status == AllocationStatuses.Executing || a.Status == AllocationStatuses.Paused) && a.PeriodEnd < now)
            .Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in due) await close.HandleAsync(workspaceId, id, cancel: false, cancellationToken);

        await autoReload.HandleAsync(workspaceId, cancellationToken);

        var stale = now.AddMinutes(-2);
        var unsent = await db.StripePayments.IgnoreQueryFilters()
            .Where(p => p.WorkspaceId == workspaceId && p.PaymentIntentId == null && p.Status == "pending" && p.CreatedAt < stale)
            .ToListAsync(cancellationToken);
        foreach (var payment in unsent) await topUp.CallGatewayAsync(payment, cancellationToken);
    }
}
