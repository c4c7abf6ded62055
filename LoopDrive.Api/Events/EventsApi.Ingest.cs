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
        events.MapPost("/ingest", Ingest).WithKeylessDedupe().WithName("IngestEvent");
        events.MapPost("", Ingest).WithKeylessDedupe().WithName("IngestEventAlias");
        // D16: /api/events/ingest/batch, /api/events/batch and /events/batch.
        events.MapPost("/ingest/batch", IngestBatch).WithKeylessDedupe().WithRequestSizeLimit(BatchBodyLimit).WithName("IngestEventBatch");
        events.MapPost("/batch", IngestBatch).WithKeylessDedupe().WithRequestSizeLimit(BatchBodyLimit).WithName("IngestEventBatchAlias");
    }

    /// <summary>
    /// 202 with the stored event; a repeat of a stored idempotency key answers the event stored first.
    /// Concurrent single events share a transaction (<see cref="EventGroupCommit"/>).
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

        // IngestEvents (and the DbContext it holds) is built only for a repeated key: most events are new.
        var stored = await groupCommit.IngestAsync(workspaceId, item, cancellationToken)
            ?? await http.RequestServices.GetRequiredService<IngestEvents>().FindByKeyAsync(workspaceId, item.IdempotencyKey!, cancellationToken);
        if (stored is null)
            return Problems.Conflict("idempotency_key_in_flight", "An event with this idempotency key is being stored; retry shortly.");
        return TypedResults.Accepted($"/api/events/{stored.Id}", stored.ToContract());
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
