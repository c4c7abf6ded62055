using LoopDrive.Contracts.Learning;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning.Reports;

/// <summary>Loop health over a window: per-minute counts and lag from <c>learning.tune</c>, and the outcomes still waiting in the outbox.</summary>
public sealed class LoopHealthReport(LoopDriveDbContext db)
{
    public async Task<Contracts.Learning.LoopHealth> HandleAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var minutes = await db.LoopHealth.AsNoTracking().Where(m => m.Minute >= from && m.Minute <= to).OrderBy(m => m.Minute).ToListAsync(cancellationToken);
        // Each message carries an intake transaction's outcomes: the figure counts outcomes, not messages.
        var pending = await db.Database.SqlQuery<long>($"""
            select coalesce(sum(jsonb_array_length(payload -> 'outcomes')), 0)::bigint as "Value" from outbox
            where workspace_id = {workspaceId} and stream = {StreamNames.LearningTune}
            """).SingleAsync(cancellationToken);
        var last = await db.LoopHealth.AsNoTracking().OrderByDescending(m => m.Minute).Select(m => (DateTimeOffset?)m.Minute).FirstOrDefaultAsync(cancellationToken);
        var processed = minutes.Sum(m => m.Processed);
        return new Contracts.Learning.LoopHealth(from, to, processed, minutes.Sum(m => m.Dropped), minutes.Sum(m => m.Ignored),
            processed == 0 ? 0 : Math.Round(minutes.Sum(m => m.LagMsSum) / processed, 1), minutes.Count == 0 ? 0 : minutes.Max(m => m.LagMsMax), pending, last,
            [.. minutes.Select(m => new Contracts.Learning.LoopHealthMinute(m.Minute, m.Processed, m.Dropped, m.Ignored,
                m.Processed == 0 ? 0 : Math.Round(m.LagMsSum / m.Processed, 1), m.LagMsMax))]);
    }
}
