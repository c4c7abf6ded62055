using System.Security.Claims;
using LoopDrive.Api.People;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using ContractEvent = LoopDrive.Contracts.Events.Event;

namespace LoopDrive.Api.Events;

internal static partial class EventsApi
{
    /// <summary>Our addition to the bare-array query answer: the keyset cursor of the next page.</summary>
    public const string NextCursorHeader = "X-Next-Cursor";

    /// <summary>Default stats range when none is given.</summary>
    public static readonly TimeSpan DefaultStatsRange = TimeSpan.FromDays(30);

    private static void MapQuery(RouteGroupBuilder events)
    {
        events.MapPost("/query", Query).WithName("QueryEvents");
        events.MapGet("/stats", Stats).WithName("EventStats");
    }

    /// <summary>D14, D22: a bare Event[], newest first. A cursor (from <c>X-Next-Cursor</c>) pages by keyset; offset still works.</summary>
    public static async Task<Results<Ok<ContractEvent[]>, ValidationProblem, ProblemHttpResult>> Query(
        EventFilters? body, HttpContext http, ClaimsPrincipal user, QueryEvents query, CancellationToken cancellationToken)
    {
        var filters = body ?? new EventFilters();
        if (PersonApi.WorkspaceMismatch(filters.WorkspaceId, user) is { } forbidden) return forbidden;
        var errors = new FieldErrors();
        foreach (var channel in filters.Channels ?? []) errors.OneOf("channels", channel, PeopleEnums.Channels);
        foreach (var type in filters.Types ?? [])
            if (!EventRules.IsValidType(type)) errors.Add("types", $"'{type}' is not a lower-case dotted event type.");
        if (filters.DateFrom > filters.DateTo) errors.Add("dateFrom", "Must not be after dateTo.");
        if (filters.Limit is < 1) errors.Add("limit", "Must be at least 1.");
        if (filters.Offset is < 0) errors.Add("offset", "Must not be negative.");
        (DateTimeOffset, string)? after = null;
        if (filters.Cursor is not null && (after = EventCursor.Decode(filters.Cursor)) is null)
            errors.Add("cursor", "Not a cursor this API returned.");
        if (errors.Any) return Problems.Invalid(errors.All);

        var page = await query.HandleAsync(new QueryEvents.Filter(
            user.WorkspaceId(), filters.PersonId, filters.Types, filters.Channels, filters.Sources, filters.DateFrom, filters.DateTo,
            Paging.Limit(filters.Limit), Paging.Offset(filters.Offset), after), cancellationToken);
        if (page.NextCursor is not null) http.Response.Headers[NextCursorHeader] = page.NextCursor;
        return TypedResults.Ok(page.Events.Select(e => e.ToContract()).ToArray());
    }

    public static async Task<Results<Ok<ContractEvent>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal user, QueryEvents query, CancellationToken cancellationToken) =>
        await query.FindAsync(user.WorkspaceId(), id, cancellationToken) is { } e ? TypedResults.Ok(e.ToContract()) : Problems.NotFound("event");

    /// <summary>Totals by type and channel over [from, to] (default: the last 30 days), counts over time and the newest events.</summary>
    public static async Task<Results<Ok<EventStats>, ValidationProblem, ProblemHttpResult>> Stats(
        string? workspaceId, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, GetEventStats stats, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (PersonApi.WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end - DefaultStatsRange;
        if (start > end) return Problems.Invalid("from", "Must not be after to.");
        var result = await stats.HandleAsync(user.WorkspaceId(), start, end, cancellationToken);
        return TypedResults.Ok(new EventStats(result.Total, result.ByType, result.ByChannel,
            [.. result.Recent.Select(e => e.ToContract())], [.. result.OverTime.Select(b => new EventCountBucket(b.Start, b.Count))], start, end));
    }
}
