using LoopDrive.Api.People;
using LoopDrive.Contracts.Events;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoopDrive.Api.Events;

/// <summary>
/// The events area (CONTRACT.md §7, D14–D19): ingest, query, stats, funnel, attribution, the live
/// stream; sub-areas in the partial files. The root aliases (<c>/events/…</c>) reach these routes
/// through SdkAliases. The SDK's timeline route lives here and shares the person handler.
/// </summary>
internal static partial class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Events");
        MapIngest(events);
        MapQuery(events);
        MapAnalysis(events);
        MapStream(events);
        events.MapGet("/timeline", Timeline).WithName("EventsTimeline");
        // Literal segments above win over this one (CONTRACT §1 routing).
        events.MapGet("/{id}", Get).WithName("GetEvent");
        return api;
    }

    /// <summary>D19: the SDK sends <c>personId</c> as a query parameter; without it the answer is 400.</summary>
    public static async Task<Results<Ok<TimelineResponse>, ValidationProblem, ProblemHttpResult>> Timeline(
        string? personId, [FromQuery] string[]? channels, [FromQuery] string[]? types, DateTimeOffset? dateFrom, DateTimeOffset? dateTo,
        int? limit, bool? includeMemory, string? cursor, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(personId)
            ? Problems.Invalid("personId", "Required.")
            : await PersonApi.Timeline(personId, channels, types, dateFrom, dateTo, limit, includeMemory, cursor, find, db, cancellationToken);
}
