using System.Text.Json;
using LoopDrive.Contracts.People;

namespace LoopDrive.Contracts.Events;

/// <summary>
/// An event (CONTRACT.md §7). Our additions: <c>unresolvedPersonId</c> flags an event whose named
/// person does not exist (kept unattached, not refused); <c>classification</c> holds the intake
/// classifier's labels and scores for text-bearing events.
/// </summary>
public sealed record Event(
    string Id,
    string WorkspaceId,
    string? OrganizationId,
    string? PersonId,
    string Type,
    string? Channel,
    string Source,
    JsonElement Payload,
    DateTimeOffset Ts,
    JsonElement? Metadata,
    string? UnresolvedPersonId = null,
    EventClassification? Classification = null);

/// <summary>Newest first; <c>nextCursor</c> pages on; <c>memory</c> only when asked for (D20).</summary>
public sealed record TimelineResponse(IReadOnlyList<Event> Events, string? NextCursor, IReadOnlyList<Memory>? Memory = null);

/// <summary>An event to store: the Event without <c>id</c>; <c>ts</c> is optional, for backfill (D15).</summary>
public sealed record EventIngest(
    string Type,
    string Source,
    string? PersonId = null,
    string? Channel = null,
    JsonElement? Payload = null,
    JsonElement? Metadata = null,
    DateTimeOffset? Ts = null,
    string? WorkspaceId = null,
    string? OrganizationId = null);

public sealed record BatchIngestRequest(IReadOnlyList<EventIngest> Events);

/// <summary>
/// D16 plus our additions: <c>errors</c> names each refused item; <c>duplicates</c> counts valid
/// items whose idempotency key was already stored (counted in <c>ingested</c>, stored once).
/// </summary>
public sealed record BatchIngestResult(int Ingested, int Failed, IReadOnlyList<BatchItemError> Errors, int Duplicates = 0);

public sealed record BatchItemError(int Index, string Field, string Message);

/// <summary>
/// POST /api/events/query. Our additions: <c>cursor</c> (keyset paging; the answer's
/// <c>X-Next-Cursor</c> header carries the next one) and <c>sources</c>.
/// </summary>
public sealed record EventFilters(
    string? WorkspaceId = null,
    string? PersonId = null,
    IReadOnlyList<string>? Types = null,
    IReadOnlyList<string>? Channels = null,
    DateTimeOffset? DateFrom = null,
    DateTimeOffset? DateTo = null,
    int? Limit = null,
    int? Offset = null,
    string? Cursor = null,
    IReadOnlyList<string>? Sources = null);

/// <summary>Totals over a range; <c>overTime</c> (our addition) is the count per day, or per hour for ranges up to two days.</summary>
public sealed record EventStats(
    long TotalEvents,
    IReadOnlyDictionary<string, long> ByType,
    IReadOnlyDictionary<string, long> ByChannel,
    IReadOnlyList<Event> RecentEvents,
    IReadOnlyList<EventCountBucket>? OverTime = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

public sealed record EventCountBucket(DateTimeOffset Start, long Count);

/// <summary>Our additions: <c>windowSeconds</c> (default 7 days from the first step) and <c>breakdown</c> ("channel").</summary>
public sealed record FunnelRequest(
    IReadOnlyList<string> Steps,
    string? WorkspaceId = null,
    string? PersonId = null,
    DateTimeOffset? DateFrom = null,
    DateTimeOffset? DateTo = null,
    long? WindowSeconds = null,
    string? Breakdown = null);

/// <summary><c>conversionRate</c> is relative to the first step; <c>stepRate</c> (ours) to the previous one.</summary>
public sealed record FunnelStep(string Event, long Count, double ConversionRate, double StepRate, double? MedianSecondsFromPrevious);

public sealed record FunnelResult(IReadOnlyList<FunnelStep> Steps, long WindowSeconds, IReadOnlyList<FunnelBreakdown>? Breakdown = null);

/// <summary>The funnel of the people whose first step happened on this channel.</summary>
public sealed record FunnelBreakdown(string Channel, IReadOnlyList<FunnelStep> Steps);

/// <summary>
/// A conversion's credit. <c>weights</c> maps touchpoint event id → share (sum 1). Our additions:
/// the conversion's <c>revenue</c> in cents split by weight exactly (<c>revenueShares</c>), the
/// model parameters used.
/// </summary>
public sealed record Attribution(
    Event Conversion,
    IReadOnlyList<Event> Touchpoints,
    string Model,
    IReadOnlyDictionary<string, double> Weights,
    long Revenue,
    string Currency,
    IReadOnlyDictionary<string, long> RevenueShares,
    int LookbackDays,
    double? HalfLifeDays = null);

/// <summary>Workspace-level credit per channel, objective and snippet (our addition; read by budget and learning).</summary>
public sealed record AttributionSummary(
    string Model,
    DateTimeOffset From,
    DateTimeOffset To,
    long Conversions,
    long Revenue,
    long UnattributedConversions,
    IReadOnlyList<AttributionRow> ByChannel,
    IReadOnlyList<AttributionRow> ByObjective,
    IReadOnlyList<AttributionRow> BySnippet);

/// <summary><c>conversions</c> is fractional: the sum of this key's weights over every conversion.</summary>
public sealed record AttributionRow(string Key, double Conversions, long Revenue, long Touchpoints);

/// <summary>The intake classifier's verdict, stored on the event.</summary>
public sealed record EventClassification(
    string Topic,
    double TopicScore,
    string Intent,
    double IntentScore,
    string Sentiment,
    double SentimentScore,
    string Model,
    DateTimeOffset ClassifiedAt);

public static class EventEnums
{
    public static readonly IReadOnlyList<string> AttributionModels = ["first_touch", "last_touch", "linear", "time_decay", "position_based"];

    public static readonly IReadOnlyList<string> KnownTypes =
    [
        "email.sent", "email.delivered", "email.opened", "email.clicked", "email.replied", "email.bounced",
        "sms.sent", "sms.delivered", "sms.replied", "dm.sent", "dm.delivered", "dm.read", "dm.replied",
        "conversion.meeting.booked", "conversion.purchase",
    ];

    public static readonly IReadOnlyList<string> Intents =
        ["demo_request", "pricing_question", "objection", "unsubscribe_request", "complaint", "purchase_intent", "other"];

    public static readonly IReadOnlyList<string> Sentiments = ["positive", "neutral", "negative"];
}
