using System.Text.Json;

namespace LoopDrive.Contracts.People;

/// <summary>A person (CONTRACT.md §3). <c>mergeId</c> is set only on the answer to a merge, so it can be undone.</summary>
public sealed record Person(
    string Id,
    string WorkspaceId,
    string? OrganizationId,
    string? FirstName,
    string? LastName,
    string? Locale,
    string? Timezone,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? MergeId = null);

public sealed record PersonList(IReadOnlyList<Person> Persons, int Total);

/// <summary>Body of resolve: at least one of email, phone or handle; <c>type</c> says which platform a handle is on.</summary>
public sealed record PartialIdentity(
    string? Email = null,
    string? Phone = null,
    string? Handle = null,
    string? Type = null,
    string? FirstName = null,
    string? LastName = null);

/// <summary>
/// <c>confidence</c> is 1 when every given identity pointed at the answered person (or it was
/// created); lower when identities pointed at different people — then the others are listed in
/// <c>mergeSuggestions</c> (our addition) and nothing is merged.
/// </summary>
public sealed record PersonResolutionResult(
    Person Person,
    IReadOnlyList<Identity> Identities,
    IReadOnlyList<string> MatchedOn,
    double Confidence,
    IReadOnlyList<MergeSuggestion>? MergeSuggestions = null,
    bool Created = false);

public sealed record MergeSuggestion(string PersonId, IReadOnlyList<string> MatchedOn, double Confidence);

public sealed record MergeRequest(string? SourceId, string? TargetId);

public sealed record MergeUndone(string MergeId, Person Source, Person Target);

/// <summary>Body of <c>PATCH /api/person/:id</c> (our addition): profile fields to change.</summary>
public sealed record PersonUpdate(
    string? FirstName = null,
    string? LastName = null,
    string? Locale = null,
    string? Timezone = null,
    JsonElement? Metadata = null);

/// <summary>Answer of <c>GET /api/person/:id/can-contact</c> (our addition): the consent policy's decision and why.</summary>
public sealed record ContactCheck(string PersonId, string Channel, string Purpose, bool Allowed, string Reason, string Detail);

/// <summary>Everything held about a person (<c>GET /api/person/:id/export</c>, our addition for data-subject requests).</summary>
public sealed record PersonExport(
    Person Person,
    IReadOnlyList<Identity> Identities,
    IReadOnlyList<Consent> Consents,
    IReadOnlyList<ConsentChange> ConsentHistory,
    IReadOnlyList<Topic> Topics,
    IReadOnlyList<Note> Notes,
    IReadOnlyList<Memory> Memory,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<Events.Event> Events,
    DateTimeOffset ExportedAt);
