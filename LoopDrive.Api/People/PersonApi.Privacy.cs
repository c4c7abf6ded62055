using LoopDrive.Api.Events;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Api.People;

internal static partial class PersonApi
{
    /// <summary>Everything held about the person, as JSON. The export itself is recorded as an event without personal data.</summary>
    public static async Task<Results<Ok<PersonExport>, ProblemHttpResult>> Export(
        string id, FindPerson find, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var now = clock.GetUtcNow();
        var pid = person.Id;
        var export = new PersonExport(
            person.ToContract(),
            [.. (await db.Identities.AsNoTracking().Where(x => x.PersonId == pid).OrderBy(x => x.CreatedAt).ToListAsync(cancellationToken)).Select(x => x.ToContract())],
            [.. (await db.Consents.AsNoTracking().Where(x => x.PersonId == pid).ToListAsync(cancellationToken)).Select(x => x.ToContract())],
            [.. (await db.ConsentChanges.AsNoTracking().Where(x => x.PersonId == pid).OrderBy(x => x.RecordedAt).ToListAsync(cancellationToken)).Select(x => x.ToContract())],
            [.. (await db.Topics.AsNoTracking().Where(x => x.PersonId == pid).ToListAsync(cancellationToken)).Select(x => x.ToContract(now))],
            [.. (await db.Notes.AsNoTracking().Where(x => x.PersonId == pid).OrderBy(x => x.CreatedAt).ToListAsync(cancellationToken)).Select(x => x.ToContract())],
            [.. (await db.MemEmbeddings.AsNoTracking().Where(x => x.PersonId == pid).OrderBy(x => x.CreatedAt).ToListAsync(cancellationToken)).Select(x => x.ToContract())],
            [.. (await db.Objectives.AsNoTracking().Where(x => x.PersonId == pid).OrderBy(x => x.CreatedAt).ToListAsync(cancellationToken)).Select(x => x.ToContract())],
            [.. (await db.Events.AsNoTracking().Where(x => x.PersonId == pid).OrderBy(x => x.Ts).ToListAsync(cancellationToken)).Select(x => x.ToContract())],
            now);
        db.Events.Add(PrivacyEvents.New(PrivacyEvents.Exported, person.WorkspaceId, pid, clock));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(export);
    }
}
