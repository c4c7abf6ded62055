using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Allocation;

/// <summary>
/// Where the allocator learns channel outcomes. Today: the budget area's own daily rollups;
/// the Events area's attribution summary can replace it behind this interface.
/// </summary>
public interface IChannelOutcomeReader
{
    Task<IReadOnlyDictionary<string, ChannelOutcomes>> ReadAsync(string workspaceId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <summary>How many people each channel may be contacted on for marketing: the ceiling on what a channel can absorb.</summary>
public interface IReachableAudience
{
    Task<IReadOnlyDictionary<string, long>> CountAsync(string workspaceId, DateTimeOffset at, CancellationToken cancellationToken);
}

internal sealed class ChannelPerformanceOutcomeReader(LoopDriveDbContext db) : IChannelOutcomeReader
{
    public async Task<IReadOnlyDictionary<string, ChannelOutcomes>> ReadAsync(string workspaceId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = await db.ChannelPerformance.AsNoTracking().IgnoreQueryFilters()
            .Where(d => d.WorkspaceId == workspaceId && d.Day >= from && d.Day <= to)
            .GroupBy(d => d.Channel)
            .Select(g => new { Channel = g.Key, Spend = g.Sum(d => d.Spend), Impressions = g.Sum(d => d.Impressions), Clicks = g.Sum(d => d.Clicks),
                Conversions = g.Sum(d => d.Conversions), Revenue = g.Sum(d => d.Revenue) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Channel, r => new ChannelOutcomes(r.Spend, r.Impressions, r.Clicks, r.Conversions, r.Revenue));
    }
}

/// <summary>
/// Counts distinct live persons with granted, unexpired marketing consent per channel. Paid
/// social channels also reach people who consented to <c>ads</c>, DM platforms those who
/// consented to <c>dm</c>.
/// </summary>
internal sealed class ConsentReachableAudience(LoopDriveDbContext db) : IReachableAudience
{
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(string workspaceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<ReachRow>($"""
            SELECT m.channel AS "Channel", count(DISTINCT c.person_id) AS "People"
            FROM (VALUES ('email','email'),('sms','sms'),('whatsapp','whatsapp'),('site','site'),
                         ('instagram','instagram'),('instagram','ads'),('instagram','dm'),
                         ('facebook','facebook'),('facebook','ads'),('facebook','dm'),
                         ('x','x'),('x','ads'),('x','dm'),('reddit','reddit'),('reddit','ads'),('reddit','dm'),
                         ('whatsapp','dm'),('tiktok','tiktok'),('tiktok','ads'),('youtube','youtube'),('youtube','ads'),
                         ('linkedin','linkedin'),('linkedin','ads')) AS m(channel, consent_channel)
            JOIN consents c ON c.channel = m.consent_channel
            JOIN persons p ON p.id = c.person_id
            WHERE c.workspace_id = {workspaceId} AND c.status = 'granted' AND c.scope IN ('marketing', 'both')
              AND (c.expires_at IS NULL OR c.expires_at > {at})
              AND p.merged_into_id IS NULL AND p.erased_at IS NULL
            GROUP BY m.channel
            """).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Channel, r => r.People);
    }

    private sealed record ReachRow(string Channel, long People);
}
