using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning;

/// <summary>
/// The budget bandit's evidence with the loop's counts in it: spend (and revenue when larger) from
/// the budget's daily rollup, deliveries, clicks and wins from what <c>learning.tune</c> counted.
/// A channel the loop has not seen keeps the rollup's figures unchanged.
/// </summary>
internal sealed class LearnedChannelOutcomeReader(LoopDriveDbContext db) : IChannelOutcomeReader
{
    public async Task<IReadOnlyDictionary<string, ChannelOutcomes>> ReadAsync(string workspaceId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rollup = await db.ChannelPerformance.AsNoTracking().IgnoreQueryFilters()
            .Where(d => d.WorkspaceId == workspaceId && d.Day >= from && d.Day <= to)
            .GroupBy(d => d.Channel)
            .Select(g => new { Channel = g.Key, Spend = g.Sum(d => d.Spend), Impressions = g.Sum(d => d.Impressions), Clicks = g.Sum(d => d.Clicks),
                Conversions = g.Sum(d => d.Conversions), Revenue = g.Sum(d => d.Revenue) })
            .ToDictionaryAsync(r => r.Channel, cancellationToken);
        var learned = await db.LearnedChannelDays.AsNoTracking().IgnoreQueryFilters()
            .Where(d => d.WorkspaceId == workspaceId && d.Day >= from && d.Day <= to)
            .GroupBy(d => d.Channel)
            .Select(g => new { Channel = g.Key, Deliveries = g.Sum(d => d.Deliveries), Clicks = g.Sum(d => d.Clicks), Positives = g.Sum(d => d.Positives),
                Revenue = g.Sum(d => d.Revenue) })
            .ToDictionaryAsync(r => r.Channel, cancellationToken);
        var result = new Dictionary<string, ChannelOutcomes>(StringComparer.Ordinal);
        foreach (var channel in rollup.Keys.Union(learned.Keys))
        {
            rollup.TryGetValue(channel, out var r);
            if (!learned.TryGetValue(channel, out var l) || l.Deliveries == 0)
            {
                if (r is not null) result[channel] = new ChannelOutcomes(r.Spend, r.Impressions, r.Clicks, r.Conversions, r.Revenue);
                continue;
            }
            result[channel] = new ChannelOutcomes(r?.Spend ?? 0, l.Deliveries, l.Clicks, l.Positives, Math.Max(r?.Revenue ?? 0, l.Revenue));
        }
        return result;
    }
}
