using LoopDrive.Api.Hosting;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Data;
using LoopDrive.Core.Sends;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Api.Sends;

/// <summary>
/// Read routes of the dashboard (our additions): the workspace's send log with filters, and the
/// gate's skip reasons counted per code, so the compliance view says why sends were held back.
/// </summary>
internal static partial class SendApi
{
    private static readonly TimeSpan DefaultSkipRange = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapSendLogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sends", Log).WithTags("Sends").WithName("SendLog");
        api.MapGet("/sends/skipped", SkipReasons).WithTags("Sends").WithName("SendSkipReasons");
        return api;
    }

    /// <summary><c>GET /api/sends?channel=&amp;status=&amp;personId=&amp;code=&amp;limit=&amp;offset=</c>: newest first.</summary>
    public static async Task<Results<Ok<SendHistory>, ValidationProblem>> Log(
        string? channel, string? status, string? personId, string? code, int? limit, int? offset, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (channel is not null && !SendEnums.BulkChannels.Contains(channel))
            return Problems.Invalid("channel", $"Unknown channel {channel}; one of: {string.Join(", ", SendEnums.BulkChannels)}.");
        if (status is not null && !SendLogStatuses.All.Contains(status))
            return Problems.Invalid("status", $"Unknown status {status}; one of: {string.Join(", ", SendLogStatuses.All)}.");

        var query = db.Sends.AsNoTracking();
        if (channel is not null) query = query.Where(s => s.Channel == channel);
        if (status is not null)
        {
            // Callers see deferred and dispatching sends as queued, so the filter must too.
            string[] stored = status == SendStatuses.Queued ? [SendStatuses.Queued, SendStatuses.Deferred, SendStatuses.Dispatching] : [status];
            query = query.Where(s => stored.Contains(s.Status));
        }
        if (!string.IsNullOrWhiteSpace(personId)) query = query.Where(s => s.PersonId == personId);
        if (!string.IsNullOrWhiteSpace(code)) query = query.Where(s => s.ErrorCode == code);

        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(s => s.QueuedAt).ThenByDescending(s => s.Id)
            .Skip(Paging.Offset(offset)).Take(Paging.Limit(limit)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new SendHistory([.. page.Select(s => s.ToResult())], total));
    }

    /// <summary><c>GET /api/sends/skipped?from=&amp;to=</c>: skipped sends per reason code and channel; defaults to the last 30 days.</summary>
    public static async Task<Results<Ok<SkipReasonSummary>, ValidationProblem>> SkipReasons(
        DateTimeOffset? from, DateTimeOffset? to, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end - DefaultSkipRange;
        if (start > end) return Problems.Invalid("from", "Must not be after to.");

        var rows = await db.Sends.AsNoTracking()
            .Where(s => s.Status == SendStatuses.Skipped && s.UpdatedAt >= start && s.UpdatedAt <= end)
            .GroupBy(s => new { s.ErrorCode, s.Channel })
            .Select(g => new { g.Key.ErrorCode, g.Key.Channel, Count = g.Count(), LastAt = g.Max(s => s.UpdatedAt) })
            .ToListAsync(cancellationToken);
        var reasons = rows.Select(r => new SkipReasonCount(r.ErrorCode ?? "unrecorded", r.Channel, r.Count, r.LastAt))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Channel, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new SkipReasonSummary(reasons, reasons.Sum(r => r.Count), start, end));
    }
}
