using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Events;

/// <summary>
/// The event explorer's query: newest first over (ts, id), so a cursor page is one index range
/// however deep it goes. Offset paging remains for the SDK, which only knows limit/offset.
/// </summary>
public sealed class QueryEvents(LoopDriveDbContext db)
{
    public sealed record Filter(
        string WorkspaceId,
        string? PersonId,
        IReadOnlyList<string>? Types,
        IReadOnlyList<string>? Channels,
        IReadOnlyList<string>? Sources,
        DateTimeOffset? From,
        DateTimeOffset? To,
        int Limit,
        int Offset,
        (DateTimeOffset Ts, string Id)? After);

    public sealed record Page(IReadOnlyList<Event> Events, string? NextCursor);

    public async Task<Page> HandleAsync(Filter filter, CancellationToken cancellationToken)
    {
        var query = db.Events.AsNoTracking().Where(e => e.WorkspaceId == filter.WorkspaceId);
        if (filter.PersonId is not null) query = query.Where(e => e.PersonId == filter.PersonId);
        if (filter.Types is { Count: > 0 } types) query = query.Where(e => types.Contains(e.Type));
        if (filter.Channels is { Count: > 0 } channels) query = query.Where(e => e.Channel != null && channels.Contains(e.Channel));
        if (filter.Sources is { Count: > 0 } sources) query = query.Where(e => sources.Contains(e.Source));
        if (filter.From is { } from) query = query.Where(e => e.Ts >= from);
        if (filter.To is { } to) query = query.Where(e => e.Ts <= to);
        if (filter.After is { } after)
            query = query.Where(e => e.Ts < after.Ts || (e.Ts == after.Ts && string.Compare(e.Id, after.Id) < 0));

        var ordered = query.OrderByDescending(e => e.Ts).ThenByDescending(e => e.Id);
        var page = await (filter.After is null && filter.Offset > 0 ? ordered.Skip(filter.Offset) : ordered)
            .Take(filter.Limit + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > filter.Limit)
        {
            page.RemoveAt(page.Count - 1);
            next = EventCursor.Encode(page[^1].Ts, page[^1].Id);
        }
        return new(page, next);
    }

    public Task<Event?> FindAsync(string workspaceId, string id, CancellationToken cancellationToken) =>
        db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.WorkspaceId == workspaceId, cancellationToken);
}
