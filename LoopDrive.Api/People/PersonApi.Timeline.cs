using System.Globalization;
using System.Text;
using LoopDrive.Api.Events;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Api.People;

internal static partial class PersonApi
{
    /// <summary>
    /// A person's events, newest first, paged by an opaque cursor (time and id of the last event
    /// returned), optionally with their memory (D19, D20). Served at the person route and, for the
    /// SDK, at <c>/api/events/timeline?personId=</c>.
    /// </summary>
    public static async Task<Results<Ok<TimelineResponse>, ValidationProblem, ProblemHttpResult>> Timeline(
        string id, [FromQuery] string[]? channels, [FromQuery] string[]? types, DateTimeOffset? dateFrom, DateTimeOffset? dateTo,
        int? limit, bool? includeMemory, string? cursor, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        foreach (var channel in channels ?? []) errors.OneOf("channels", channel, PeopleEnums.Channels);
        (DateTimeOffset Ts, string Id)? after = null;
        if (cursor is not null)
        {
            after = DecodeCursor(cursor);
            if (after is null) errors.Add("cursor", "Not a cursor this API returned.");
        }
        if (dateFrom > dateTo) errors.Add("dateFrom", "Must not be after dateTo.");
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");

        var take = Paging.Limit(limit);
        var query = db.Events.AsNoTracking().Where(e => e.PersonId == person.Id);
        if (channels is { Length: > 0 }) query = query.Where(e => e.Channel != null && channels.Contains(e.Channel));
        if (types is { Length: > 0 }) query = query.Where(e => types.Contains(e.Type));
        if (dateFrom is { } from) query = query.Where(e => e.Ts >= from);
        if (dateTo is { } to) query = query.Where(e => e.Ts <= to);
        if (after is { } a) query = query.Where(e => e.Ts < a.Ts || (e.Ts == a.Ts && string.Compare(e.Id, a.Id) < 0));
        var page = await query.OrderByDescending(e => e.Ts).ThenByDescending(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = page.Count > take ? EncodeCursor(page[take - 1].Ts, page[take - 1].Id) : null;

        IReadOnlyList<Memory>? memory = null;
        if (includeMemory == true)
        {
            var memories = await db.MemEmbeddings.AsNoTracking().Where(m => m.PersonId == person.Id)
                .OrderByDescending(m => m.CreatedAt).Take(take).ToListAsync(cancellationToken);
            memory = [.. memories.Select(m => m.ToContract())];
        }
        return TypedResults.Ok(new TimelineResponse([.. page.Take(take).Select(e => e.ToContract())], next, memory));
    }

    private static string EncodeCursor(DateTimeOffset ts, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(ts.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + id))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTimeOffset, string)? DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
