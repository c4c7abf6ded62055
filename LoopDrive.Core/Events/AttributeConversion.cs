using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Events;

/// <summary>GET /api/events/:id/attribution: the person's touches in the lookback window before the conversion, credited by a model.</summary>
public sealed class AttributeConversion(LoopDriveDbContext db)
{
    public sealed record Result(Event Conversion, IReadOnlyList<Event> Touchpoints, double[] Weights, long Revenue, string Currency, long[] RevenueShares);

    public async Task<Result?> HandleAsync(string workspaceId, string conversionId, string model, int lookbackDays, TimeSpan halfLife, CancellationToken cancellationToken)
    {
        var conversion = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == conversionId && e.WorkspaceId == workspaceId, cancellationToken);
        if (conversion is null) return null;
        List<Event> touches = [];
        if (conversion.PersonId is not null)
        {
            var since = conversion.Ts.AddDays(-lookbackDays);
            var candidates = await db.Events.AsNoTracking()
                .Where(e => e.WorkspaceId == workspaceId && e.PersonId == conversion.PersonId && e.Ts >= since && e.Ts <= conversion.Ts && e.Id != conversion.Id)
                .OrderBy(e => e.Ts).ThenBy(e => e.Id)
                .ToListAsync(cancellationToken);
            touches = [.. candidates.Where(e => Touchpoints.IsTouch(e.Type))];
        }
        var weights = AttributionModels.Weights(model, [.. touches.Select(t => t.Ts)], conversion.Ts, halfLife);
        var (revenue, currency) = Touchpoints.Revenue(conversion.Payload);
        return new(conversion, touches, weights, revenue, currency, AttributionModels.SplitCents(revenue, weights));
    }
}
