using System.Text.Json;

namespace LoopDrive.Contracts.People;

public sealed record Note(string Id, string PersonId, string Content, string AuthorId, JsonElement? Metadata, DateTimeOffset CreatedAt);

public sealed record NoteCreate(string? Content, JsonElement? Metadata = null);

/// <summary>What the loop pursues for a person (our addition: routes under <c>…/objectives</c>).</summary>
public sealed record Objective(
    string Id,
    string PersonId,
    string Type,
    string Status,
    JsonElement? Context,
    int? Priority,
    DateTimeOffset? DueDate,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ObjectiveCreate(string? Type, JsonElement? Context = null, int? Priority = null, DateTimeOffset? DueDate = null);

public sealed record ObjectiveUpdate(string? Status = null, int? Priority = null, DateTimeOffset? DueDate = null, JsonElement? Context = null);
