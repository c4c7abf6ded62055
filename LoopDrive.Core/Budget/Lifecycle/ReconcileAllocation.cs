using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Wire = LoopDrive.Contracts.Budget;

namespace LoopDrive.Core.Budget.Lifecycle;

/// <summary>
/// Planned vs actual for one allocation: actual spend per channel from the ledger (spends net of
/// reversals), actual conversions and revenue from the channel outcomes over the allocation's
/// period, variance, efficiency (conversions per dollar), a 0–100 performance score and concrete
/// recommendations.
/// </summary>
public sealed class ReconcileAllocation(LoopDriveDbContext db, IChannelOutcomeReader outcomes, TimeProvider clock)
{
    public async Task<ReconciliationReport?> HandleAsync(string workspaceId, string id, CancellationToken cancellationToken)
    {
        var a = await db.BudgetAllocations.AsNoTracking().IgnoreQueryFilters()
            .FirstOrDefaultAsync(x => x.Id == id && x.WorkspaceId == workspaceId, cancellationToken);
        if (a is null) return null;
        var now = clock.GetUtcNow();
        var from = a.PeriodStart ?? a.CreatedAt;
        var to = a.CompletedAt ?? (a.PeriodEnd is { } end && end < now ? end : now);

        var transfers = await db.BudgetTransfers.AsNoTracking().IgnoreQueryFilters()
            .Where(t => t.AllocationId == a.Id && t.WorkspaceId == workspaceId && (t.Kind == TransferKinds.Spend || t.Kind == TransferKinds.Reversal))
            .ToListAsync(cancellationToken);
        var spentTransferIds = transfers.Where(t => t.Kind == TransferKinds.Spend).Select(t => t.Id).ToHashSet();
        var actualByChannel = transfers
            .GroupBy(t => t.Channel ?? "")
            .ToDictionary(g => g.Key, g => g.Where(t => t.Kind == TransferKinds.Spend).Sum(t => t.Amount)
                                            - g.Where(t => t.Kind == TransferKinds.Reversal && spentTransferIds.Contains(t.ReversesTransferId ?? "")).Sum(t => t.Amount));
        var observed = await outcomes.ReadAsync(workspaceId, DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(to.UtcDateTime), cancellationToken);

        var planned = PlanMapping.Channels(a);
        var byChannel = planned.Select(p =>
        {
            var actual = actualByChannel.GetValueOrDefault(p.Channel);
            var o = observed.GetValueOrDefault(p.Channel);
            var conversions = o?.Conversions ?? 0;
            var revenue = o?.Revenue ?? 0;
            return new ChannelReconciliation(p.Channel, p.Budget, actual, actual - p.Budget,
                new EstimatedActual(p.EstimatedConversions, conversions),
                new EstimatedActual(p.EstimatedROAS, actual > 0 ? (double)revenue / actual : 0),
                actual > 0 ? conversions / (actual / 100.0) : 0);
        }).ToList();
        var byObjective = planned.GroupBy(p => p.Objective).Select(g =>
        {
            var rows = byChannel.Where(c => g.Any(p => p.Channel == c.Channel)).ToList();
            var actual = rows.Sum(r => r.Actual);
            var conversions = rows.Sum(r => r.Conversions.Actual);
            var revenue = (long)rows.Sum(r => r.Roas.Actual * r.Actual);
            return new ObjectiveReconciliation(g.Key, g.Sum(p => p.Budget), actual, conversions, revenue,
                conversions > 0 ? actual / conversions : 0, actual > 0 ? (double)revenue / actual : 0);
        }).ToList();

        var plannedTotal = planned.Sum(p => p.Budget);
        var actualTotal = byChannel.Sum(c => c.Actual);
        var actualConversions = byChannel.Sum(c => c.Conversions.Actual);
        var actualRevenue = byObjective.Sum(o => o.Revenue);
        var actualRoas = actualTotal > 0 ? (double)actualRevenue / actualTotal : 0;
        var targetRoas = a.PredictedRoas;
        var targetConversions = planned.Sum(p => p.EstimatedConversions);
        var score = Score(actualRoas, targetRoas, actualConversions, targetConversions, actualTotal, plannedTotal);

        return new ReconciliationReport(a.Id, workspaceId, new PeriodRange(from, to),
            new ReconciliationSummary(plannedTotal, actualTotal, actualTotal - plannedTotal,
                plannedTotal > 0 ? Math.Round(100.0 * (actualTotal - plannedTotal) / plannedTotal, 2) : 0),
            byChannel, byObjective,
            new ReconciliationPerformance(actualRoas, actualConversions, score, targetRoas, targetConversions),
            Recommend(byChannel, actualTotal, plannedTotal, a), now);
    }

    /// <summary>Half for ROAS against the plan's prediction, half for conversions, each capped at its share; spend pacing scales it when little was spent.</summary>
    private static double Score(double roas, double? targetRoas, double conversions, double targetConversions, long spent, long planned)
    {
        var roasPart = targetRoas is > 0 ? Math.Min(1, roas / targetRoas.Value) : (roas > 0 ? 1 : 0);
        var conversionPart = targetConversions > 0 ? Math.Min(1, conversions / targetConversions) : (conversions > 0 ? 1 : 0);
        var paced = planned > 0 ? Math.Min(1, 0.5 + (double)spent / planned / 2) : 1;
        return Math.Round(100 * paced * (0.5 * roasPart + 0.5 * conversionPart), 1);
    }

    private static IReadOnlyList<string> Recommend(List<ChannelReconciliation> channels, long actual, long planned, BudgetAllocation a)
    {
        var notes = new List<string>();
        var spending = channels.Where(c => c.Actual > 0).ToList();
        if (spending.Count >= 2)
        {
            var best = spending.MaxBy(c => c.Roas.Actual)!;
            var worst = spending.MinBy(c => c.Roas.Actual)!;
            if (best.Roas.Actual > 1.5 * Math.Max(worst.Roas.Actual, 0.01))
                notes.Add($"Move budget from {worst.Channel} (ROAS {worst.Roas.Actual:0.00}) to {best.Channel} (ROAS {best.Roas.Actual:0.00}) in the next plan.");
        }
        foreach (var c in channels.Where(c => c.Actual > 0 && c.Roas.Actual < 1))
            notes.Add($"{c.Channel} returned less than it cost (ROAS {c.Roas.Actual:0.00}); lower its budget or set minROAS.");
        foreach (var c in channels.Where(c => c.Actual > 0 && c.Roas.Actual > c.Roas.Estimated * 1.2))
            notes.Add($"{c.Channel} beat its forecast (ROAS {c.Roas.Actual:0.00} vs {c.Roas.Estimated:0.00}); it can take more budget.");
        if (planned > 0 && actual < planned * 0.5 && a.Status is AllocationStatuses.Executing or AllocationStatuses.Paused)
            notes.Add($"Only {100.0 * actual / planned:0}% of the budget is spent; check send volume or shorten the period.");
        if (notes.Count == 0) notes.Add(actual == 0 ? "Nothing has been spent yet; reconcile again once sends have run." : "Spend and returns are in line with the plan.");
        return notes;
    }
}
