using System.Security.Claims;
using System.Text.Json;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Data;
using LoopDrive.Core.Events;
using LoopDrive.Infrastructure.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ContractEvent = LoopDrive.Contracts.Events.Event;

namespace LoopDrive.Api.Events;

internal static partial class EventsApi
{
    public const string LastEventIdHeader = "Last-Event-ID";
    private const int ResumePage = 500;
    /// <summary>A resume further back than this is refused work: the client should query instead.</summary>
    private const int MaxResume = 10_000;

    private static void MapStream(RouteGroupBuilder events) =>
        events.MapGet("/stream", Stream).WithName("EventStream");

    /// <summary>
    /// Our addition (the SDK's <c>stream(filters)</c>): Server-Sent Events of committed events,
    /// filtered by type, channel and person. The subscription starts before the resume read, so
    /// nothing committed in between is lost; an event seen in both is sent once. Heartbeat comments
    /// keep proxies from closing an idle stream.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ValidationProblem>> Stream(
        [FromQuery] string[]? types, [FromQuery] string[]? channels, string? personId, string? lastEventId,
        HttpContext http, ClaimsPrincipal user, EventStreamHub hub, LoopDriveDbContext db,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IConfiguration configuration, IHostApplicationLifetime lifetime,
        CancellationToken requestAborted)
    {
        // A stream never ends by itself: it ends when the client leaves or the host stops.
        using var life = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = life.Token;
        var errors = new FieldErrors();
        foreach (var channel in channels ?? []) errors.OneOf("channels", channel, PeopleEnums.Channels);
        foreach (var type in types ?? [])
            if (!EventRules.IsValidType(type)) errors.Add("types", $"'{type}' is not a lower-case dotted event type.");
        if (errors.Any) return Problems.Invalid(errors.All);

        var resumeFrom = http.Request.Headers[LastEventIdHeader].FirstOrDefault() ?? lastEventId;
        var heartbeat = TimeSpan.FromSeconds(configuration.GetValue("Events:Stream:HeartbeatSeconds", 15.0));
        var filter = new EventStreamHub.Filter(user.WorkspaceId(), types, channels, personId);
        using var subscription = await hub.SubscribeAsync(filter, cancellationToken);

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var writer = new SseWriter(http.Response, json.Value.SerializerOptions);
        await writer.CommentAsync("connected", cancellationToken);

        var sent = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(resumeFrom))
        {
            var after = resumeFrom;
            while (sent.Count < MaxResume)
            {
                var page = await ResumeQuery(db, filter, after).Take(ResumePage).ToListAsync(cancellationToken);
                foreach (var e in page)
                {
                    sent.Add(e.Id);
                    await writer.EventAsync(e.ToContract(), cancellationToken);
                }
                if (page.Count < ResumePage) break;
                after = page[^1].Id;
            }
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(heartbeat);
                bool ready;
                try
                {
                    ready = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await writer.CommentAsync("heartbeat", cancellationToken);
                    continue;
                }
                if (!ready)
                {
                    // Overflow: this client fell behind; it reconnects with Last-Event-ID and reads the rest from the database.
                    await writer.CommentAsync("overflow; reconnect with Last-Event-ID", cancellationToken);
                    break;
                }
                while (subscription.Reader.TryRead(out var e))
                {
                    if (sent.Count > 0 && sent.Remove(e.Id)) continue;
                    await writer.EventAsync(e, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        return TypedResults.Empty;
    }

    /// <summary>Ids are time-ordered, so "after this id" is the events created since the one the client saw last.</summary>
    private static IQueryable<Core.Events.Event> ResumeQuery(LoopDriveDbContext db, EventStreamHub.Filter filter, string afterId)
    {
        var query = db.Events.AsNoTracking().Where(e => e.WorkspaceId == filter.WorkspaceId && string.Compare(e.Id, afterId) > 0);
        if (filter.Types is { Count: > 0 } types) query = query.Where(e => types.Contains(e.Type));
        if (filter.Channels is { Count: > 0 } channels) query = query.Where(e => e.Channel != null && channels.Contains(e.Channel));
        if (filter.PersonId is { } personId) query = query.Where(e => e.PersonId == personId);
        return query.OrderBy(e => e.Id);
    }

    private sealed class SseWriter(HttpResponse response, JsonSerializerOptions options)
    {
        public async Task EventAsync(ContractEvent e, CancellationToken cancellationToken)
        {
            await response.WriteAsync($"id: {e.Id}\nevent: event\ndata: {JsonSerializer.Serialize(e, options)}\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }

        public async Task CommentAsync(string text, CancellationToken cancellationToken)
        {
            await response.WriteAsync($": {text}\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }
}
