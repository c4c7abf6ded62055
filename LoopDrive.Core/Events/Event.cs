using LoopDrive.Core.Common;

namespace LoopDrive.Core.Events;

public sealed class Event : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public string? OrganizationId { get; set; }
    public string? PersonId { get; set; }
    public required string Type { get; init; }
    public string? Channel { get; init; }
    public required string Source { get; init; }
    public required string Payload { get; init; }
    public DateTimeOffset Ts { get; init; }
    public string? Metadata { get; set; }
    /// <summary>Caller's or provider's id for the event; a repeat with the same key stores nothing new.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>
    /// The person id the caller named when no such person exists in the workspace: the event is kept
    /// unattached rather than refused, and this column is the flag that says so.
    /// </summary>
    public string? UnresolvedPersonId { get; init; }
    /// <summary>Topic, intent and sentiment labels with their scores (jsonb), written by the intake classifier.</summary>
    public string? Classification { get; set; }
}
