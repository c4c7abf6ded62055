using System.Text.Json;
using LoopDrive.Contracts.People;

namespace LoopDrive.Contracts.Events;

/// <summary>An event (CONTRACT.md §7).</summary>
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
    JsonElement? Metadata);

/// <summary>Newest first; <c>nextCursor</c> pages on; <c>memory</c> only when asked for (D20).</summary>
public sealed record TimelineResponse(IReadOnlyList<Event> Events, string? NextCursor, IReadOnlyList<Memory>? Memory = null);
