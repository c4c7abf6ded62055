using System.Text.Json;

namespace LoopDrive.Contracts.People;

/// <summary>
/// A memory of a person. <c>usableInCopy</c> (our addition) says whether composition may quote
/// or use it in outbound messages; objections and complaints default to false.
/// </summary>
public sealed record Memory(
    string Id,
    string PersonId,
    string Kind,
    string Text,
    double Confidence,
    double? Relevance,
    string? SourceEventId,
    DateTimeOffset? ExpiresAt,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    bool UsableInCopy,
    string? ModelId);

public sealed record MemoryCreate(
    string? Kind,
    string? Text,
    double? Confidence = null,
    JsonElement? Metadata = null,
    string? SourceEventId = null,
    DateTimeOffset? ExpiresAt = null,
    bool? UsableInCopy = null);
