using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text.Json;
using LoopDrive.Api.Hosting;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Events;
using LoopDrive.Core.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using ContractEvent = LoopDrive.Contracts.Events.Event;

namespace LoopDrive.Api.Events;

internal static partial class EventsApi
{
    /// <summary>A thousand events of a few KiB each; only the batch routes get more than the default 1 MiB.</summary>
    public const long BatchBodyLimit = 16L * 1024 * 1024;

    private static void MapIngest(RouteGroupBuilder events)
    {
        // D15: one handler at /api/events/ingest, /api/events and (via the root alias) /events.
        events.MapPost("/ingest", Ingest).WithKeylessDedupeInHandler().WithName("IngestEvent");
        events.MapPost("", Ingest).WithKeylessDedupeInHandler().WithName("IngestEventAlias");
        // D16: /api/events/ingest/batch, /api/events/batch and /events/batch.
        events.MapPost("/ingest/batch", IngestBatch).WithKeylessDedupe().WithRequestSizeLimit(BatchBodyLimit).WithName("IngestEventBatch");
        events.MapPost("/batch", IngestBatch).WithKeylessDedupe().WithRequestSizeLimit(BatchBodyLimit).WithName("IngestEventBatchAlias");
    }

    /// <summary>
    /// 202 with the stored event; a repeat of a stored idempotency key answers the event stored first.
    /// Concurrent single events share a transaction (<see cref="EventGroupCommit"/>). A key-less
    /// request claims its fingerprint in the event's own insert, instead of a Redis record around
    /// the request (two round trips per event, a third of the process's CPU per event): a
    /// byte-identical repeat within 60 s is answered with the first event, marked replayed.
    /// </summary>
    public static async Task<Results<Accepted<ContractEvent>, ValidationProblem, ProblemHttpResult>> Ingest(
        JsonElement body, ClaimsPrincipal user, EventGroupCommit groupCommit, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var workspaceId = user.WorkspaceId();
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("workspaceId", out var ws)
            && ws.ValueKind == JsonValueKind.String && ws.GetString() != workspaceId)
            return Problems.Forbidden("workspace_mismatch", "workspaceId does not belong to this API key.");

        var (item, errors) = EventRules.Read(body, 0, workspaceId, clock.GetUtcNow(), clock);
        if (item is null)
            return Problems.Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

        // An event key or an Idempotency-Key header decides on its own; only a request with neither is fingerprinted.
        var fingerprint = item.IdempotencyKey is null && !http.Request.Headers.ContainsKey(IdempotencyFilter.HeaderName)
            ? new KeylessFingerprint(user.ApiKeyId(), RequestFingerprint.Of(http.Request, JsonMarshal.GetRawUtf8Value(body)))
            : null;
        var outcome = await groupCommit.IngestAsync(workspaceId, item, fingerprint, cancellationToken);
        if (outcome.Stored is { } stored) return Accepted(stored);

        // A repeat (rare): the services that read the first event are built only now.
        if (outcome.ReplayOf is { } first)
        {
            if (await http.RequestServices.GetRequiredService<QueryEvents>().FindAsync(workspaceId, first, cancellationToken) is not { } original)
                return Problems.Conflict("repeat_of_removed_event", "An identical request within the last 60 s stored an event that has since been removed.");
            http.Response.Headers[IdempotencyFilter.ReplayedHeader] = "true";
            return Accepted(original);
        }
        if (item.IdempotencyKey is null)
            // The first's claim lapsed between this one's attempt and its read (the window's very end): a retry is stored.
            return Problems.Conflict("repeat_in_flight", "An identical request was being stored; retry shortly.");
        if (await http.RequestServices.GetRequiredService<IngestEvents>().FindByKeyAsync(workspaceId, item.IdempotencyKey, cancellationToken) is { } keyed)
            return Accepted(keyed);
        return Problems.Conflict("idempotency_key_in_flight", "An event with this idempotency key is being stored; retry shortly.");

        static Accepted<ContractEvent> Accepted(LoopDrive.Core.Events.Event e) => TypedResults.Accepted($"/api/events/{e.Id}", e.ToContract());
    }

    /// <summary>
    /// D16 with per-item errors: valid items are stored (one COPY), refused ones are listed by index
    /// and field; 202 even when some failed. More than 1000 items is 400 for the whole batch.
    /// </summary>
    public static async Task<Results<Accepted<BatchIngestResult>, ValidationProblem, ProblemHttpResult>> IngestBatch(
        JsonElement body, ClaimsPrincipal user, IngestEvents ingest, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("events", out var items) || items.ValueKind != JsonValueKind.Array)
            return Problems.Invalid("events", "Required: an array of events.");
        var count = items.GetArrayLength();
        if (count > EventRules.MaxBatch)
            return Problems.Invalid("events", $"At most {EventRules.MaxBatch} events per batch; this one has {count}.");

        var workspaceId = user.WorkspaceId();
        var now = clock.GetUtcNow();
        var valid = new List<NewEvent>(count);
        var errors = new List<BatchItemError>();
        var failed = 0;
        var index = 0;
        foreach (var element in items.EnumerateArray())
        {
            var (item, itemErrors) = EventRules.Read(element, index++, workspaceId, now, clock);
            if (item is not null) valid.Add(item);
            else
            {
                failed++;
                errors.AddRange(itemErrors.Select(e => new BatchItemError(e.Index, e.Field, e.Message)));
            }
        }

        var outcome = await ingest.HandleAsync(workspaceId, valid, cancellationToken);
        return TypedResults.Accepted((string?)null, new BatchIngestResult(valid.Count, failed, errors, outcome.Duplicates.Count));
    }
}
