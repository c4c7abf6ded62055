using System.Text.Json;
using LoopDrive.Contracts.Events;

namespace LoopDrive.Contracts.Sends;

/// <summary>CONTRACT.md §5 SendResult (D8: <c>personId</c> always, <c>queuedAt</c> added). <c>code</c> is ours: why a send was skipped or failed.</summary>
public sealed record SendResult(
    string Id,
    string Status,
    string PersonId,
    string Channel,
    string? ExternalId = null,
    string? Error = null,
    JsonElement? Metadata = null,
    DateTimeOffset? SentAt = null,
    DateTimeOffset? QueuedAt = null,
    string? Code = null,
    DateTimeOffset? ScheduledFor = null);

/// <summary>CONTRACT.md §5 SendStatus; <c>gate</c> (the gate's verdicts) is ours.</summary>
public sealed record SendStatus(
    string Id,
    string Status,
    IReadOnlyList<Event> Events,
    DateTimeOffset LastUpdated,
    IReadOnlyList<GateVerdict>? Gate = null,
    string? Code = null,
    string? Error = null);

/// <summary>One gate verdict on a send: stage (<c>accept</c>, <c>compose</c>, <c>dispatch</c>), outcome (<c>allow</c>, <c>defer</c>, <c>skip</c>, <c>fail</c>) and a stable code.</summary>
public sealed record GateVerdict(string Stage, string Outcome, string Code, string Detail, DateTimeOffset At, DateTimeOffset? Until = null);

public sealed record SendHistory(IReadOnlyList<SendResult> Sends, int Total);

public sealed record BulkSendAccepted(string JobId, int Queued);

/// <summary>CONTRACT.md §5 BulkJobStatus plus <c>skipped</c> and <c>progress</c> (0–1), both ours.</summary>
public sealed record BulkJobStatus(
    string JobId,
    string Status,
    string Channel,
    int Total,
    int Queued,
    int Sent,
    int Failed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt = null,
    int Skipped = 0,
    double Progress = 0);

/// <summary>The JSON acknowledgement every inbound webhook answers with.</summary>
public sealed record WebhookAck(bool Received, int Accepted = 0, int Duplicates = 0);
