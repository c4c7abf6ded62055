using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Insights;

/// <summary>
/// Raises spend alerts for a workspace's live allocations: threshold exceeded (90% warning,
/// 100% critical), pace high/low (burn vs elapsed share of the period) and anomalies (a
/// channel's spend today more than 3 standard deviations above its last 14 days). One alert per
/// allocation, type and day, however often the job runs.
/// </summary>
public sealed class RaiseSpendAlerts(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<int> HandleAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var day = now.UtcDateTime.ToString("yyyy-MM-dd");
        var raised = 0;
        var live = await db.BudgetAllocations.AsNoTracking().IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == workspaceId && (a.Status == AllocationStatuses.Executing || a.Status == AllocationStatuses.Paused))
            .ToListAsync(cancellationToken);
        foreach (var a in live)
        {
            var spent = await db.BudgetLedger.IgnoreQueryFilters()
                .Where(e => e.WorkspaceId == workspaceId && e.AllocationId == a.Id && e.Type == "actual").SumAsync(e => e.Amount, cancellationToken);
            if (a.TotalBudget <= 0) continue;
            var burn = (double)spent / a.TotalBudget;
            if (burn >= 0.9)
                raised += await RaiseAsync(workspaceId, a.Id, null, "threshold_exceeded", burn >= 1 ? "critical" : "warning",
                    $"Allocation {a.Id} has spent {burn:P0} of its budget.", spent, (long)(a.TotalBudget * 0.9),
                    "Approve a follow-up plan or let the envelopes run out.", $"{a.Id}:threshold:{(burn >= 1 ? "100" : "90")}", now, cancellationToken);
            if (a.PeriodStart is { } start && a.PeriodEnd is { } end && end > start)
            {
                var elapsed = Math.Clamp((now - start) / (end - start), 0, 1);
                if (burn > elapsed + 0.25 && elapsed < 0.9)
                    raised += await RaiseAsync(workspaceId, a.Id, null, "pace_high", "warning",
                        $"Spending {burn:P0} of the budget after {elapsed:P0} of the period.", spent, (long)(a.TotalBudget * elapsed),
                        "Pause the allocation or lower daily volume.", $"{a.Id}:pace_high:{day}", now, cancellationToken);
                else if (elapsed > 0.5 && burn < elapsed / 2)
                    raised += await RaiseAsync(workspaceId, a.Id, null, "pace_low", "info",
                        $"Only {burn:P0} spent after {elapsed:P0} of the period.", spent, (long)(a.TotalBudget * elapsed),
                        "Check send volume or reallocate to channels that can absorb it.", $"{a.Id}:pace_low:{day}", now, cancellationToken);
            }
        }

        var since = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-14);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var history = await db.ChannelPerformance.AsNoTracking().IgnoreQueryFilters()
            .Where(d => d.WorkspaceId == workspaceId && d.Day >= since).ToListAsync(cancellationToken);
        foreach (var g in history.GroupBy(d => d.Channel))
        {
            var past = g.Where(d => d.Day < today).Select(d => (double)d.Spend).ToList();
            var current = g.FirstOrDefault(d => d.Day == today)?.Spend ?? 0;
            if (past.Count < 5) continue;
            var mean = past.Average();
            var sd = Math.Sqrt(past.Sum(x => (x - mean) * (x - mean)) / (past.Count - 1));
            if (sd > 0 && (current - mean) / sd > 3)
                raised += await RaiseAsync(workspaceId, null, g.Key, "anomaly_detected", "warning",
                    $"{g.Key} spend today is {(current - mean) / sd:0.0} standard deviations above its 14-day mean.", current, (long)(mean + 3 * sd),
                    "Check for a runaway send or a pricing change.", $"{g.Key}:anomaly:{day}", now, cancellationToken);
        }
        return raised;
    }

    private async Task<int> RaiseAsync(string workspaceId, string? allocationId, string? channel, string type, string severity, string message,
        long current, long? threshold, string action, string dedupeKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO spend_alerts (id, workspace_id, allocation_id, channel, type, severity, message, current_spend, threshold_spend,
                recommended_action, dedupe_key, acknowledged, created_at)
            VALUES ({Ids.New("alrt", clock)}, {workspaceId}, {allocationId}, {channel}, {type}, {severity}, {message}, {current}, {threshold},
                {action}, {dedupeKey}, FALSE, {now})
            ON CONFLICT (workspace_id, dedupe_key) DO NOTHING
            """, cancellationToken);
}
