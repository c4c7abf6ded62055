using LoopDrive.Client.Http;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;

namespace LoopDrive.Client.Modules;

/// <summary>
/// People (contract §3): resolve, profile, identities, memory, topics, consent, notes, objectives,
/// merge and undo, search, timeline, export and erasure.
/// </summary>
public sealed class PersonClient : ClientModule
{
    private const string Root = "api/person";

    internal PersonClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>POST /api/person/resolve</c>: finds or creates the person; conflicting identities come back as merge suggestions.</summary>
    public Task<PersonResolutionResult> ResolveAsync(PartialIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return PostAsync<PersonResolutionResult>(ApiPath.Root(Root).Segment("resolve"), identity, cancellationToken);
    }

    /// <summary><c>GET /api/person?workspaceId=&amp;limit=&amp;offset=</c>: newest first; merged and erased people are left out.</summary>
    public Task<PersonList> ListAsync(int? limit = null, int? offset = null, string? workspaceId = null, CancellationToken cancellationToken = default) =>
        GetAsync<PersonList>(ApiPath.Root(Root).Query("workspaceId", workspaceId).Query("limit", limit).Query("offset", offset), cancellationToken);

    /// <summary><c>GET /api/person/search?q=&amp;limit=</c>: by name, email, phone or handle.</summary>
    public Task<PersonList> SearchAsync(string query, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        return GetAsync<PersonList>(ApiPath.Root(Root).Segment("search").Query("q", query).Query("limit", limit), cancellationToken);
    }

    /// <summary><c>GET /api/person/{id}</c>: a merged-away id answers the person it was merged into.</summary>
    public Task<Person> GetAsync(string personId, CancellationToken cancellationToken = default) =>
        GetAsync<Person>(PersonPath(personId), cancellationToken);

    /// <summary><c>PATCH /api/person/{id}</c>: fields left null keep their value.</summary>
    public Task<Person> UpdateAsync(string personId, PersonUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return PatchAsync<Person>(PersonPath(personId), update, cancellationToken);
    }

    /// <summary><c>DELETE /api/person/{id}</c>: erases the person's personal data and answers what is left of them.</summary>
    public Task<Person> EraseAsync(string personId, CancellationToken cancellationToken = default) =>
        DeleteAsync<Person>(PersonPath(personId), cancellationToken);

    /// <summary><c>GET /api/person/{id}/export</c>: everything held about the person.</summary>
    public Task<PersonExport> ExportAsync(string personId, CancellationToken cancellationToken = default) =>
        GetAsync<PersonExport>(PersonPath(personId).Segment("export"), cancellationToken);

    /// <summary><c>GET /api/person/{id}/can-contact?channel=&amp;purpose=</c>: the consent policy's decision and its reason.</summary>
    public Task<ContactCheck> CanContactAsync(string personId, string channel, string? purpose = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        return GetAsync<ContactCheck>(PersonPath(personId).Segment("can-contact").Query("channel", channel).Query("purpose", purpose), cancellationToken);
    }

    /// <summary><c>GET /api/person/{id}/identities</c></summary>
    public Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string personId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Identity>>(PersonPath(personId).Segment("identities"), cancellationToken);

    /// <summary><c>POST /api/person/{id}/identities</c>: 409 <c>identity_taken</c> when another person holds it.</summary>
    public Task<Identity> AddIdentityAsync(string personId, IdentityCreate identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return PostAsync<Identity>(PersonPath(personId).Segment("identities"), identity, cancellationToken);
    }

    /// <summary><c>GET /api/person/{id}/memory</c>: ranked by relevance when <paramref name="query"/> is given, newest first otherwise.</summary>
    public Task<IReadOnlyList<Memory>> ListMemoryAsync(
        string personId,
        IEnumerable<string>? kinds = null,
        int? limit = null,
        double? minConfidence = null,
        string? query = null,
        CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Memory>>(
            PersonPath(personId).Segment("memory")
                .Query("kinds", kinds).Query("limit", limit).Query("minConfidence", minConfidence).Query("query", query),
            cancellationToken);

    /// <summary><c>POST /api/person/{id}/memory</c></summary>
    public Task<Memory> AddMemoryAsync(string personId, MemoryCreate memory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return PostAsync<Memory>(PersonPath(personId).Segment("memory"), memory, cancellationToken);
    }

    /// <summary><c>GET /api/person/{id}/topics</c>: strongest first, weights decayed to now.</summary>
    public Task<IReadOnlyList<Topic>> ListTopicsAsync(string personId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Topic>>(PersonPath(personId).Segment("topics"), cancellationToken);

    /// <summary><c>POST /api/person/{id}/topics</c>: sets the topic's weight, creating it when new.</summary>
    public Task<Topic> UpsertTopicAsync(string personId, TopicUpsert topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return PostAsync<Topic>(PersonPath(personId).Segment("topics"), topic, cancellationToken);
    }

    /// <summary><c>GET /api/person/{id}/consent?channel=</c></summary>
    public Task<IReadOnlyList<Consent>> ListConsentAsync(string personId, string? channel = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Consent>>(PersonPath(personId).Segment("consent").Query("channel", channel), cancellationToken);

    /// <summary><c>POST /api/person/{id}/consent</c>: records the change in the history as well.</summary>
    public Task<Consent> UpdateConsentAsync(string personId, ConsentUpdate consent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return PostAsync<Consent>(PersonPath(personId).Segment("consent"), consent, cancellationToken);
    }

    /// <summary><c>GET /api/person/{id}/consent/history</c>: newest first.</summary>
    public Task<IReadOnlyList<ConsentChange>> ConsentHistoryAsync(string personId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ConsentChange>>(PersonPath(personId).Segment("consent").Segment("history"), cancellationToken);

    /// <summary><c>GET /api/person/{id}/notes</c>: newest first.</summary>
    public Task<IReadOnlyList<Note>> ListNotesAsync(string personId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Note>>(PersonPath(personId).Segment("notes"), cancellationToken);

    /// <summary><c>POST /api/person/{id}/notes</c>: the author is the calling key.</summary>
    public Task<Note> AddNoteAsync(string personId, NoteCreate note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        return PostAsync<Note>(PersonPath(personId).Segment("notes"), note, cancellationToken);
    }

    /// <summary><c>GET /api/person/{id}/objectives</c>: active first.</summary>
    public Task<IReadOnlyList<Objective>> ListObjectivesAsync(string personId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Objective>>(PersonPath(personId).Segment("objectives"), cancellationToken);

    /// <summary><c>POST /api/person/{id}/objectives</c></summary>
    public Task<Objective> AddObjectiveAsync(string personId, ObjectiveCreate objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return PostAsync<Objective>(PersonPath(personId).Segment("objectives"), objective, cancellationToken);
    }

    /// <summary><c>PATCH /api/person/{id}/objectives/{objectiveId}</c></summary>
    public Task<Objective> UpdateObjectiveAsync(string personId, string objectiveId, ObjectiveUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return PatchAsync<Objective>(PersonPath(personId).Segment("objectives").Segment(objectiveId), update, cancellationToken);
    }

    /// <summary><c>POST /api/person/merge</c>: moves the source into the target; the answer's <c>mergeId</c> undoes it.</summary>
    public Task<Person> MergeAsync(string sourceId, string targetId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetId);
        return PostAsync<Person>(ApiPath.Root(Root).Segment("merge"), new MergeRequest(sourceId, targetId), cancellationToken);
    }

    /// <summary><c>POST /api/person/merge/{mergeId}/undo</c>: restores both people as they were.</summary>
    public Task<MergeUndone> UndoMergeAsync(string mergeId, CancellationToken cancellationToken = default) =>
        PostAsync<MergeUndone>(ApiPath.Root(Root).Segment("merge").Segment(mergeId).Segment("undo"), null, cancellationToken);

    /// <summary><c>GET /api/person/{id}/timeline</c>: newest first; pass the answer's <c>nextCursor</c> to read on.</summary>
    public Task<TimelineResponse> TimelineAsync(string personId, TimelineQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new TimelineQuery();
        return GetAsync<TimelineResponse>(
            PersonPath(personId).Segment("timeline")
                .Query("channels", query.Channels).Query("types", query.Types)
                .Query("dateFrom", query.DateFrom).Query("dateTo", query.DateTo)
                .Query("limit", query.Limit).Query("includeMemory", query.IncludeMemory).Query("cursor", query.Cursor),
            cancellationToken);
    }

    private static ApiPath PersonPath(string personId) => ApiPath.Root(Root).Segment(personId);
}

/// <summary>Filters and paging of a person's timeline; every field is optional.</summary>
public sealed record TimelineQuery(
    IReadOnlyList<string>? Channels = null,
    IReadOnlyList<string>? Types = null,
    DateTimeOffset? DateFrom = null,
    DateTimeOffset? DateTo = null,
    int? Limit = null,
    bool? IncludeMemory = null,
    string? Cursor = null);
