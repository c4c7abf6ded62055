using System.Security.Claims;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PersonContract = LoopDrive.Contracts.People.Person;

namespace LoopDrive.Api.People;

/// <summary>The person graph (CONTRACT.md §3): resolve, profile, list, search, merge, privacy; sub-resources in the partial files.</summary>
internal static partial class PersonApi
{
    public static RouteGroupBuilder MapPersonApi(this RouteGroupBuilder api)
    {
        var person = api.MapGroup("/person").WithTags("People");
        person.MapPost("/resolve", Resolve).WithKeylessDedupeClaimedBeforeWriting().WithName("ResolvePerson");
        person.MapGet("/search", Search).WithName("SearchPersons");
        person.MapPost("/merge", Merge).WithKeylessDedupe().WithName("MergePersons");
        person.MapPost("/merge/{mergeId}/undo", Undo).WithName("UndoMerge");
        person.MapGet("/", List).WithName("ListPersons");
        person.MapGet("/{id}", Get).WithName("GetPerson");
        person.MapPatch("/{id}", Update).WithName("UpdatePerson");
        person.MapDelete("/{id}", Erase).WithName("ErasePerson");
        person.MapGet("/{id}/export", Export).WithName("ExportPerson");
        person.MapGet("/{id}/can-contact", CanContact).WithName("CanContactPerson");
        MapIdentities(person);
        MapMemory(person);
        MapTopics(person);
        MapConsent(person);
        MapNotes(person);
        MapObjectives(person);
        person.MapGet("/{id}/timeline", Timeline).WithName("PersonTimeline");
        return api;
    }

    /// <remarks>
    /// Key-less de-duplication is claimed only before a write: a resolve that finds every identity
    /// on a person unchanged for longer than the de-duplication window answers exactly what a replay
    /// of an identical request inside the window would, so it answers without a record.
    /// </remarks>
    public static async Task<Results<Ok<PersonResolutionResult>, ValidationProblem, KeylessClaims.ClaimFirst>> Resolve(
        PartialIdentity body, HttpContext http, ClaimsPrincipal user, ResolvePerson resolve, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var identities = new List<(string, string, string)>();
        if (body.Email is not null) identities.Add(("email", body.Email, "email"));
        if (body.Phone is not null) identities.Add(("phone", body.Phone, "phone"));
        if (body.Handle is not null)
        {
            if (body.Type is null || body.Type is "email" or "phone")
                errors.Add("type", "Required with handle: the platform the handle belongs to (e.g. instagram, x).");
            else
                identities.Add((body.Type, body.Handle, "handle"));
        }
        else if (body.Type is not null && !PeopleEnums.IdentityTypes.Contains(body.Type))
            errors.OneOf("type", body.Type, PeopleEnums.IdentityTypes);
        if (identities.Count == 0 && !errors.Any)
            errors.Add("identity", "At least one of email, phone or handle is required.");
        if (errors.Any) return Problems.Invalid(errors.All);

        var workspaceId = user.WorkspaceId();
        var (normalized, fieldErrors) = await resolve.NormalizeAsync(workspaceId, new(identities, body.FirstName, body.LastName), cancellationToken);
        if (fieldErrors.Count > 0) return Problems.Invalid(fieldErrors);

        var (firstName, lastName) = (body.FirstName?.Trim(), body.LastName?.Trim());
        var result = await resolve.TryWithoutWritingAsync(workspaceId, normalized, firstName, lastName, cancellationToken);
        if (result is null || !KeylessClaims.MayAnswerUnclaimed(http, result.LastChangedAt, clock.GetUtcNow()))
        {
            if (KeylessClaims.MustClaimBeforeWriting(http)) return KeylessClaims.ClaimFirst.Instance;
            result ??= await resolve.HandleWithoutTransactionAsync(workspaceId, normalized, firstName, lastName, cancellationToken);
        }
        return TypedResults.Ok(new PersonResolutionResult(
            result.Person.ToContract(),
            [.. result.Identities.Select(i => i.ToContract())],
            result.MatchedOn,
            result.Confidence,
            result.Suggestions.Count == 0 ? null
                : [.. result.Suggestions.Select(s => new MergeSuggestion(s.Person.Id, s.MatchedOn, s.Score))],
            result.Created));
    }

    public static async Task<Results<Ok<PersonContract>, ProblemHttpResult>> Get(string id, FindPerson find, CancellationToken cancellationToken) =>
        await find.HandleWithoutTransactionAsync(id, cancellationToken) is { } person ? TypedResults.Ok(person.ToContract()) : Problems.NotFound("person");

    public static async Task<Results<Ok<PersonList>, ProblemHttpResult>> List(
        string? workspaceId, int? limit, int? offset, ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var query = db.Persons.AsNoTracking().Where(p => p.MergedIntoId == null && p.ErasedAt == null);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip(Paging.Offset(offset)).Take(Paging.Limit(limit)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PersonList([.. page.Select(p => p.ToContract())], total));
    }

    public static async Task<Results<Ok<PersonList>, ValidationProblem, ProblemHttpResult>> Search(
        string? workspaceId, string? q, int? limit, ClaimsPrincipal user, SearchPersons search, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length > 200)
            return Problems.Invalid("q", "Required, 1–200 characters.");
        var (persons, total) = await search.HandleAsync(user.WorkspaceId(), q, Paging.Limit(limit), cancellationToken);
        return TypedResults.Ok(new PersonList([.. persons.Select(p => p.ToContract())], total));
    }

    public static async Task<Results<Ok<PersonContract>, ValidationProblem, ProblemHttpResult>> Update(
        string id, PersonUpdate body, FindPerson find, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body.Timezone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(body.Timezone, out _))
            errors.Add("timezone", "An IANA time zone such as Europe/London.");
        if (body.Locale is not null && !IsLocale(body.Locale))
            errors.Add("locale", "A BCP-47 locale such as en-GB.");
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);

        var person = await find.HandleAsync(id, cancellationToken, track: true);
        if (person is null || person.ErasedAt is not null) return Problems.NotFound("person");
        person.FirstName = body.FirstName ?? person.FirstName;
        person.LastName = body.LastName ?? person.LastName;
        person.Locale = body.Locale ?? person.Locale;
        person.Timezone = body.Timezone ?? person.Timezone;
        person.Metadata = JsonText.From(body.Metadata) ?? person.Metadata;
        person.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(person.ToContract());
    }

    public static async Task<Results<Ok<PersonContract>, ValidationProblem, ProblemHttpResult>> Merge(
        MergeRequest body, MergePersons merge, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("sourceId", body.SourceId, 64);
        errors.Required("targetId", body.TargetId, 64);
        if (errors.Any) return Problems.Invalid(errors.All);
        var merged = await merge.HandleAsync(body.SourceId!, body.TargetId!, cancellationToken);
        return merged is { } m ? TypedResults.Ok(m.Target.ToContract(m.Merge.Id)) : Problems.NotFound("person");
    }

    public static async Task<Results<Ok<MergeUndone>, ProblemHttpResult>> Undo(string mergeId, UndoMerge undo, CancellationToken cancellationToken) =>
        await undo.HandleAsync(mergeId, cancellationToken) is { } u
            ? TypedResults.Ok(new MergeUndone(u.Merge.Id, u.Source.ToContract(), u.Target.ToContract()))
            : Problems.NotFound("merge");

    public static async Task<Results<Ok<PersonContract>, ProblemHttpResult>> Erase(string id, ErasePerson erase, CancellationToken cancellationToken) =>
        await erase.HandleAsync(id, cancellationToken) is { } person ? TypedResults.Ok(person.ToContract()) : Problems.NotFound("person");

    public static async Task<Results<Ok<ContactCheck>, ValidationProblem, ProblemHttpResult>> CanContact(
        string id, string? channel, string? purpose, FindPerson find, ConsentPolicy policy, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("channel", channel, PeopleEnums.Channels);
        errors.OneOf("purpose", purpose ?? ContactPurposes.Marketing, [ContactPurposes.Marketing, ContactPurposes.Transactional]);
        if (errors.Any) return Problems.Invalid(errors.All);
        var person = await find.HandleAsync(id, cancellationToken);
        if (person is null) return Problems.NotFound("person");
        var decision = await policy.CanContactAsync(person.Id, channel!, purpose ?? ContactPurposes.Marketing, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new ContactCheck(person.Id, channel!, purpose ?? ContactPurposes.Marketing, decision.Allowed, decision.Reason, decision.Detail));
    }

    /// <summary>A <c>workspaceId</c> in a query must be the caller's own (CONTRACT.md §1: otherwise 403).</summary>
    internal static ProblemHttpResult? WorkspaceMismatch(string? workspaceId, ClaimsPrincipal user) =>
        workspaceId is null || workspaceId == user.WorkspaceId()
            ? null
            : Problems.Forbidden("workspace_mismatch", "workspaceId does not belong to this API key.");

    private static bool IsLocale(string locale)
    {
        try
        {
            return System.Globalization.CultureInfo.GetCultureInfo(locale, predefinedOnly: true).Name.Length > 0;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return false;
        }
    }
}
