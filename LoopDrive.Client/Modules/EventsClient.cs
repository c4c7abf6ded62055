using System.Runtime.CompilerServices;
using System.Text.Json;
using LoopDrive.Client.Http;
using LoopDrive.Contracts.Events;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Events (contract §7): ingest (single and batch), query with keyset paging, get, stats, funnels,
/// attribution and its workspace summary, the live stream, and the SDK's timeline route.
/// </summary>
public sealed class EventsClient : ClientModule
{
    private const string Root = "api/events";
    private const string NextCursorHeader = "X-Next-Cursor";
    private readonly ApiTransport _transport;

    internal EventsClient(ApiTransport transport)
        : base(transport) => _transport = transport;

    /// <summary><c>POST /api/events/ingest</c>: 202 with the stored event; a repeated <c>metadata.idempotencyKey</c> answers the first one.</summary>
    public Task<Event> IngestAsync(EventIngest e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        return PostAsync<Event>(ApiPath.Root(Root).Segment("ingest"), e, cancellationToken);
    }

    /// <summary><c>POST /api/events/ingest/batch</c>: at most 1000; refused items come back in <c>errors</c> by index.</summary>
    public Task<BatchIngestResult> IngestBatchAsync(IReadOnlyList<EventIngest> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return PostAsync<BatchIngestResult>(ApiPath.Root(Root).Segment("ingest").Segment("batch"), new BatchIngestRequest(events), cancellationToken);
    }

    /// <summary><c>POST /api/events/query</c>: one page, newest first; <see cref="EventPage.NextCursor"/> reads on.</summary>
    public async Task<EventPage> QueryAsync(EventFilters? filters = null, CancellationToken cancellationToken = default)
    {
        using var response = await _transport.OpenAsync(HttpMethod.Post, ApiPath.Root(Root).Segment("query"), filters ?? new EventFilters(), null, cancellationToken);
        var events = await ApiTransport.ReadAsync<Event[]>(response, cancellationToken);
        var next = response.Headers.TryGetValues(NextCursorHeader, out var values) ? values.FirstOrDefault() : null;
        return new EventPage(events, next);
    }

    /// <summary><c>GET /api/events/{id}</c>: 404 for an id of another workspace.</summary>
    public Task<Event> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        return GetAsync<Event>(ApiPath.Root(Root).Segment(eventId), cancellationToken);
    }

    /// <summary><c>GET /api/events/stats?from=&amp;to=</c>: defaults to the last 30 days.</summary>
    public Task<EventStats> StatsAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, string? workspaceId = null, CancellationToken cancellationToken = default) =>
        GetAsync<EventStats>(ApiPath.Root(Root).Segment("stats").Query("workspaceId", workspaceId).Query("from", from).Query("to", to), cancellationToken);

    /// <summary><c>POST /api/events/funnel</c></summary>
    public Task<FunnelResult> FunnelAsync(FunnelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<FunnelResult>(ApiPath.Root(Root).Segment("funnel"), request, cancellationToken);
    }

    /// <summary><c>GET /api/events/{id}/attribution?model=&amp;lookbackDays=&amp;halfLifeDays=</c>: model defaults to linear.</summary>
    public Task<Attribution> AttributionAsync(string conversionId, string? model = null, int? lookbackDays = null, double? halfLifeDays = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversionId);
        return GetAsync<Attribution>(ApiPath.Root(Root).Segment(conversionId).Segment("attribution")
            .Query("model", model).Query("lookbackDays", lookbackDays).Query("halfLifeDays", halfLifeDays), cancellationToken);
    }

    /// <summary><c>GET /api/events/attribution/summary</c>: credit per channel, objective and snippet over a range.</summary>
    public Task<AttributionSummary> AttributionSummaryAsync(string? model = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        int? lookbackDays = null, double? halfLifeDays = null, CancellationToken cancellationToken = default) =>
        GetAsync<AttributionSummary>(ApiPath.Root(Root).Segment("attribution").Segment("summary")
            .Query("model", model).Query("from", from).Query("to", to).Query("lookbackDays", lookbackDays).Query("halfLifeDays", halfLifeDays),
            cancellationToken);

    /// <summary><c>GET /api/events/timeline?personId=</c> (D19): the same answer as the person route.</summary>
    public Task<TimelineResponse> TimelineAsync(string personId, TimelineQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        query ??= new TimelineQuery();
        return GetAsync<TimelineResponse>(ApiPath.Root(Root).Segment("timeline").Query("personId", personId)
            .Query("channels", query.Channels).Query("types", query.Types).Query("dateFrom", query.DateFrom).Query("dateTo", query.DateTo)
            .Query("limit", query.Limit).Query("includeMemory", query.IncludeMemory).Query("cursor", query.Cursor), cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/events/stream</c> as an endless sequence: events committed after the call (or
    /// after <paramref name="lastEventId"/>). When the server ends the stream (a restart, a slow
    /// reader cut off) it reconnects with the last id seen, so nothing is skipped or repeated.
    /// Ends when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<Event> StreamAsync(EventStreamFilters? filters = null, string? lastEventId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = ApiPath.Root(Root).Segment("stream")
            .Query("types", filters?.Types).Query("channels", filters?.Channels).Query("personId", filters?.PersonId);
        var last = lastEventId;
        while (!cancellationToken.IsCancellationRequested)
        {
            var headers = last is null ? null : new Dictionary<string, string> { ["Last-Event-ID"] = last };
            using var response = await _transport.OpenAsync(HttpMethod.Get, path, null, headers, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(body);
            string? id = null, data = null;
            while (await ReadLineOrEndAsync(reader, cancellationToken) is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                else if (line.Length == 0 && data is not null)
                {
                    var e = JsonSerializer.Deserialize<Event>(data, ApiJson.Options);
                    last = id ?? last;
                    id = data = null;
                    if (e is not null) yield return e;
                }
            }
        }
    }

    private static async Task<string?> ReadLineOrEndAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException)
        {
            // The connection dropped mid-stream: treated as the end of this connection; the caller reconnects with the last id.
            return null;
        }
    }
}

/// <summary>One page of <see cref="EventsClient.QueryAsync"/>; pass <c>NextCursor</c> as the next filter's cursor.</summary>
public sealed record EventPage(IReadOnlyList<Event> Events, string? NextCursor);

/// <summary>Filters of the live stream; every field is optional.</summary>
public sealed record EventStreamFilters(IReadOnlyList<string>? Types = null, IReadOnlyList<string>? Channels = null, string? PersonId = null);
