namespace LoopDrive.Core.Events;

/// <summary>A validated event waiting to be stored: the id is assigned, JSON is kept as text.</summary>
public sealed record NewEvent(
    string Id,
    string Type,
    string Source,
    string? Channel,
    string? PersonId,
    string? OrganizationId,
    string Payload,
    string? Metadata,
    DateTimeOffset Ts,
    string? IdempotencyKey);

/// <summary>One refused item of a batch: its index and the field named as the caller spelled it.</summary>
public sealed record EventItemError(int Index, string Field, string Message);
