using LoopDrive.Core.Data;
using LoopDrive.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Insights;

/// <summary>
/// Rebuilds one day's channel rollup for a workspace: spend from the ledger (net of reversals),
/// impressions and clicks from delivery events, conversions and revenue from the Events area's
/// attribution summary (linear model, 30-day lookback). Idempotent: a rerun overwrites the day.
/// </summary>
public sealed class RollUpChannelPerformance(LoopDriveDbContext db, SummarizeAttribution attribution)
{
    public async Task HandleAsync(string workspaceId, DateOnly day, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddDays(1);
        var spend = await db.BudgetLedger.AsNoTracking().IgnoreQueryFilters()
            .Where(e => e.WorkspaceId == workspaceId && e.Timestamp >= from && e.Timestamp < to && e.Type == "actual")
            .GroupBy(e => e.Channel).Select(g => new { Channel = g.Key, Amount = g.Sum(e => e.Amount) }).ToListAsync(cancellationToken);
        var events = await db.Database.SqlQuery<EventCounts>($"""
            SELECT channel AS "Channel",
                   count(*) FILTER (WHERE type LIKE '%.sent') AS "Impressions",
                   count(*) FILTER (WHERE type LIKE '%.clicked') AS "Clicks"
            FROM events WHERE workspace_id = {workspaceId} AND ts >= {from} AND ts < {to} AND channel IS NOT NULL
            GROUP BY channel
            """).ToListAsync(cancellationToken);
        var report = await attribution.HandleAsync(workspaceId, AttributionModels.Linear, from, to, 30, TimeSpan.FromDays(7), cancellationToken);

        var channels = spend.Select(s => s.Channel).Concat(events.Select(e => e.Channel)).Concat(report.ByChannel.Select(r => r.Key))
            .Where(c => Contracts.Budget.BudgetEnums.Channels.Contains(c)).Distinct();
        foreach (var channel in channels)
        {
            var e = events.FirstOrDefault(x => x.Channel == channel);
            var r = report.ByChannel.FirstOrDefault(x => x.Key == channel);
            var amount = spend.FirstOrDefault(x => x.Channel == channel)?.Amount ?? 0;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO channel_performance_daily (workspace_id, channel, day, spend, impressions, clicks, conversions, revenue, reachable)
                VALUES ({workspaceId}, {channel}, {day}, {amount}, {e?.Impressions ?? 0}, {e?.Clicks ?? 0}, {r?.Conversions ?? 0}, {r?.Revenue ?? 0}, 0)
                ON CONFLICT (workspace_id, channel, day) DO UPDATE SET spend = excluded.spend, impressions = excluded.impressions,
                    clicks = excluded.clicks, conversions = excluded.conversions, revenue = excluded.revenue
                """, cancellationToken);
        }
    }

    private sealed record EventCounts(string Channel, long Impressions, long Clicks);
}
