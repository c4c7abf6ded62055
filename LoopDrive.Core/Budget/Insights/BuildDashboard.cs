using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Insights;

/// <summary>The budget dashboard's aggregates over [from, to): allocated, spent, remaining, ROAS, trends, open alerts and recommendations.</summary>
public sealed class BuildDashboard(LoopDriveDbContext db, IReachableAudience audience, TimeProvider clock)
{
    private static readonly string[] Live = [AllocationStatuses.Executing, AllocationStatuses.Paused];
    private static readonly string[] Funded = [AllocationStatuses.Executing, AllocationStatuses.Paused, AllocationStatuses.Completed];

    public async Task<BudgetDashboard> HandleAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var allocations = await db.BudgetAllocations.AsNoTracking().IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == workspaceId && Funded.Contains(a.Status) && a.ExecutedAt < to && (a.CompletedAt == null || a.CompletedAt >= from))
            .ToListAsync(cancellationToken);
        var spends = await db.BudgetLedger.AsNoTracking().IgnoreQueryFilters()
            .Where(e => e.WorkspaceId == workspaceId && e.Type == "actual" && e.Timestamp >= from && e.Timestamp < to)
            .Select(e => new { e.Channel, e.Amount, e.Timestamp }).ToListAsync(cancellationToken);
        var liveIds = allocations.Where(a => Live.Contains(a.Status)).Select(a => a.Id).ToList();
        var remaining = await db.BudgetAccounts.AsNoTracking().IgnoreQueryFilters()
            .Where(x => x.WorkspaceId == workspaceId && x.Kind == LedgerAccountKinds.Envelope && liveIds.Contains(x.AllocationId!))
            .SumAsync(x => x.Balance, cancellationToken);
        var fromDay = DateOnly.FromDateTime(from.UtcDateTime);
        var toDay = DateOnly.FromDateTime(to.UtcDateTime);
        var days = await db.ChannelPerformance.AsNoTracking().IgnoreQueryFilters()
            .Where(d => d.WorkspaceId == workspaceId && d.Day >= fromDay && d.Day <= toDay).ToListAsync(cancellationToken);
        var alerts = await db.SpendAlerts.AsNoTracking().IgnoreQueryFilters()
            .Where(x => x.WorkspaceId == workspaceId && !x.Acknowledged).OrderByDescending(x => x.CreatedAt).Take(20).ToListAsync(cancellationToken);

        var spent = spends.Sum(s => s.Amount);
        var perfSpend = days.Sum(d => d.Spend);
        var planned = allocations.SelectMany(PlanMapping.Channels).ToList();
        var topChannel = spends.GroupBy(s => s.Channel).OrderByDescending(g => g.Sum(s => s.Amount)).Select(g => g.Key).FirstOrDefault()
                         ?? planned.GroupBy(p => p.Channel).OrderByDescending(g => g.Sum(p => p.Budget)).Select(g => g.Key).FirstOrDefault()
                         ?? "email";
        var topObjective = planned.GroupBy(p => p.Objective).OrderByDescending(g => g.Sum(p => p.Budget)).Select(g => g.Key).FirstOrDefault() ?? "nurture";

        var trends = new DashboardTrends(
            [.. spends.GroupBy(s => s.Timestamp.UtcDateTime.Date).OrderBy(g => g.Key).Select(g => new DatedAmount(g.Key.ToString("yyyy-MM-dd"), g.Sum(s => s.Amount)))],
            [.. days.GroupBy(d => d.Day).OrderBy(g => g.Key).Select(g => new DatedValue(g.Key.ToString("yyyy-MM-dd"),
                g.Sum(d => d.Spend) > 0 ? (double)g.Sum(d => d.Revenue) / g.Sum(d => d.Spend) : 0))],
            [.. days.GroupBy(d => d.Channel).Select(g => new ChannelConversions(g.Key, g.Sum(d => d.Conversions))).OrderByDescending(c => c.Conversions)]);

        var reachable = await audience.CountAsync(workspaceId, clock.GetUtcNow(), cancellationToken);
        return new BudgetDashboard(workspaceId, new PeriodRange(from, to),
            new DashboardSummary(allocations.Sum(a => a.TotalBudget), spent, remaining, liveIds.Count,
                perfSpend > 0 ? (double)days.Sum(d => d.Revenue) / perfSpend : 0, topChannel, topObjective),
            trends,
            [.. alerts.Select(BudgetInsightMapping.ToContract)],
            Recommend(days, reachable, alerts));
    }

    private static List<BudgetRecommendation> Recommend(List<ChannelPerformanceDay> days, IReadOnlyDictionary<string, long> reachable, List<SpendAlert> alerts)
    {
        var list = new List<BudgetRecommendation>();
        foreach (var g in days.GroupBy(d => d.Channel))
        {
            var spend = g.Sum(d => d.Spend);
            if (spend <= 0) continue;
            var roas = (double)g.Sum(d => d.Revenue) / spend;
            var confidence = Math.Clamp(g.Sum(d => d.Conversions) / 50.0, 0.1, 0.95);
            if (roas >= 3)
                list.Add(new BudgetRecommendation("increase_budget", spend, Math.Round(spend * 1.25), $"About {spend * 0.25 * roas / 100:N0} dollars more revenue at the current ROAS",
                    confidence, $"{g.Key} returns {roas:0.00}× its spend.", g.Key));
            else if (roas < 1)
                list.Add(new BudgetRecommendation("decrease_budget", spend, Math.Round(spend * 0.5), "Stops losing money on this channel",
                    confidence, $"{g.Key} returns only {roas:0.00}× its spend.", g.Key));
        }
        foreach (var (channel, people) in reachable.Where(r => r.Value > 0 && days.All(d => d.Channel != r.Key)).OrderByDescending(r => r.Value).Take(2))
            list.Add(new BudgetRecommendation("test_new_channel", 0, 5_000, $"Learns how {people:N0} reachable people respond",
                0.3, $"{channel} has consented people but no spend history; a small test budget gives the allocator data.", channel));
        if (alerts.Any(a => a.Type == "pace_high"))
            list.Add(new BudgetRecommendation("pause_campaign", 0, 0, "Keeps the period's budget from running out early", 0.6,
                "Spend is ahead of the period's pace."));
        return list;
    }
}
