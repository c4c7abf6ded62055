using System.Security.Claims;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using IdentityContract = LoopDrive.Contracts.People.Identity;

namespace LoopDrive.Api.People;

internal static partial class PersonApi
{
    private static void MapIdentities(RouteGroupBuilder person)
    {
        person.MapGet("/{id}/identities", ListIdentities).WithName("ListIdentities");
        person.MapPost("/{id}/identities", AddIdentity).WithKeylessDedupe().WithName("AddIdentity");
    }

    public static async Task<Results<Ok<IdentityContract[]>, ProblemHttpResult>> ListIdentities(
        string id, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var identities = await db.Identities.AsNoTracking().Where(i => i.PersonId == person.Id)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(identities.Select(i => i.ToContract()).ToArray());
    }

    public static async Task<Results<Created<IdentityContract>, ValidationProblem, ProblemHttpResult>> AddIdentity(
        string id, IdentityCreate body, ClaimsPrincipal user, FindPerson find, WorkspacePolicies policies,
        LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("type", body.Type, PeopleEnums.IdentityTypes);
        errors.Required("value", body.Value, 254);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);

        var policy = await policies.GetAsync(user.WorkspaceId(), cancellationToken);
        if (!IdentityNormalizer.TryNormalize(body.Type!, body.Value, new NormalizationOptions(policy.DefaultRegion, policy.FoldEmailSubaddress), out var normalized, out var error))
            return Problems.Invalid("value", error);
        if (await find.HandleAsync(id, cancellationToken) is not { } person || person.ErasedAt is not null)
            return Problems.NotFound("person");

        var existing = await db.Identities.AsNoTracking().FirstOrDefaultAsync(i => i.Type == normalized.Type && i.Value == normalized.Value, cancellationToken);
        if (existing is not null)
            return existing.PersonId == person.Id
                ? TypedResults.Created($"/api/person/{person.Id}/identities", existing.ToContract())
                : Problems.Conflict("identity_taken", "This identity already belongs to another person; merge them instead.");

        var now = clock.GetUtcNow();
        var identity = ResolvePerson.NewIdentity(person.WorkspaceId, person.Id, normalized, body.IsPrimary ?? false, now);
        identity.Verified = body.Verified;
        if (JsonText.From(body.Metadata) is { } metadata) identity.Metadata = metadata;
        if (identity.IsPrimary)
        {
            await db.Identities.Where(i => i.PersonId == person.Id && i.Type == identity.Type && i.IsPrimary)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.IsPrimary, false), cancellationToken);
        }
        db.Identities.Add(identity);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            return Problems.Conflict("identity_taken", "This identity already belongs to another person; merge them instead.");
        }
        return TypedResults.Created($"/api/person/{person.Id}/identities", identity.ToContract());
    }
}
