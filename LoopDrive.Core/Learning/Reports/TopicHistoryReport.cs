using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning.Reports;

/// <summary>Topic weights over time as the loop left them each day: one person's, or the workspace mean per topic.</summary>
public sealed class TopicHistoryReport(LoopDriveDbContext db)
{
    public async Task<TopicWeightHistory> HandleAsync(string? personId, string? topic, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var query = db.TopicWeightDays.AsNoTracking().Where(t => t.Day >= from && t.Day <= to);
        if (personId is not null) query = query.Where(t => t.PersonId == personId);
        if (topic is not null) query = query.Where(t => t.Topic == topic);
        var points = await query.GroupBy(t => new { t.Day, t.Topic })
            .Select(g => new { g.Key.Day, g.Key.Topic, Weight = g.Average(t => t.Weight), People = g.Count() })
            .OrderBy(p => p.Day).ThenBy(p => p.Topic).Take(5000).ToListAsync(cancellationToken);
        return new TopicWeightHistory(personId, [.. points.Select(p => new TopicWeightPoint(p.Day, p.Topic, Math.Round(p.Weight, 4), p.People))]);
    }
}
