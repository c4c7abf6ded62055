using LoopDrive.Contracts.People;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ConsentContract = LoopDrive.Contracts.People.Consent;

namespace LoopDrive.Api.People;

internal static partial class PersonApi
{
    private static readonly IReadOnlyList<string> ConsentSources = ["form", "import", "api", "inferred"];

    private static void MapConsent(RouteGroupBuilder person)
    {
        person.MapGet("/{id}/consent", ListConsent).WithName("ListConsent");
        person.MapPost("/{id}/consent", UpdateConsent).WithName("UpdateConsent");
        person.MapGet("/{id}/consent/history", ConsentHistory).WithName("ConsentHistory");
    }

    public static async Task<Results<Ok<ConsentContract[]>, ValidationProblem, ProblemHttpResult>> ListConsent(
        string id, string? channel, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("channel", channel, PeopleEnums.ConsentChannels, required: false);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var consents = await db.Consents.AsNoTracking()
            .Where(c => c.PersonId == person.Id && (channel == null || c.Channel == channel))
            .OrderBy(c => c.Channel).ThenBy(c => c.Scope).ToListAsync(cancellationToken);
        return TypedResults.Ok(consents.Select(c => c.ToContract()).ToArray());
    }

    public static async Task<Results<Ok<ConsentContract>, ValidationProblem, ProblemHttpResult>> UpdateConsent(
        string id, ConsentUpdate body, FindPerson find, UpdateConsent update, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("channel", body.Channel, PeopleEnums.ConsentChannels);
        errors.OneOf("scope", body.Scope, PeopleEnums.ConsentScopes);
        errors.OneOf("status", body.Status, PeopleEnums.ConsentStatuses);
        // The SDK types source as a free string; we keep the documented values and accept others up to 40 characters.
        errors.Required("source", body.Source, 40);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person || person.ErasedAt is not null)
            return Problems.NotFound("person");

        var consent = await update.HandleAsync(person, new UpdateConsent.Change(
            body.Channel!, body.Scope!, body.Status!, body.Source!.Trim(), body.ExpiresAt, JsonText.From(body.Metadata)), cancellationToken);
        return TypedResults.Ok(consent.ToContract());
    }

    public static async Task<Results<Ok<LoopDrive.Contracts.People.ConsentChange[]>, ProblemHttpResult>> ConsentHistory(
        string id, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var changes = await db.ConsentChanges.AsNoTracking().Where(c => c.PersonId == person.Id)
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(changes.Select(c => c.ToContract()).ToArray());
    }
}
