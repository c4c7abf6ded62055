using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>
/// Right to erasure: removes what identifies or describes the person — identities, memory,
/// notes, topics, names, event payloads, merge snapshots, stored API responses that quoted them
/// — and keeps the pseudonymous skeleton that aggregates and the ledger refer to (the person id,
/// event types and times, consent states). Tombstones merged into the person are erased too.
/// An event <c>person.erased</c> records that it happened, with no personal data.
/// </summary>
public sealed class ErasePerson(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<Person?> HandleAsync(string personId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == personId && p.MergedIntoId == null, cancellationToken);
        if (person is null) return null;
        var now = clock.GetUtcNow();

        var ids = new List<string> { personId };
        for (var frontier = ids.ToList(); frontier.Count > 0;)
        {
            frontier = await db.Persons.Where(p => p.MergedIntoId != null && frontier.Contains(p.MergedIntoId))
                .Select(p => p.Id).ToListAsync(cancellationToken);
            ids.AddRange(frontier);
        }

        await db.Identities.Where(x => ids.Contains(x.PersonId)).ExecuteDeleteAsync(cancellationToken);
        await db.MemEmbeddings.Where(x => ids.Contains(x.PersonId)).ExecuteDeleteAsync(cancellationToken);
        await db.Notes.Where(x => ids.Contains(x.PersonId)).ExecuteDeleteAsync(cancellationToken);
        await db.Topics.Where(x => ids.Contains(x.PersonId)).ExecuteDeleteAsync(cancellationToken);
        await db.Objectives.Where(x => ids.Contains(x.PersonId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Context, (string?)null), cancellationToken);
        await db.Consents.Where(x => ids.Contains(x.PersonId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Metadata, (string?)null), cancellationToken);
        await db.ConsentChanges.Where(x => ids.Contains(x.PersonId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Metadata, (string?)null), cancellationToken);
        await db.Events.Where(x => x.PersonId != null && ids.Contains(x.PersonId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Payload, "{}").SetProperty(x => x.Metadata, (string?)null), cancellationToken);
        await db.PersonMerges.Where(x => ids.Contains(x.SourceId) || ids.Contains(x.TargetId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Snapshot, "{\"erased\":true}").SetProperty(x => x.UndoneAt, now), cancellationToken);
        foreach (var id in ids)
        {
            // Replayable responses (resolve, merge) quote identities and names; drop any that name this person.
            await db.Database.ExecuteSqlAsync(
                $"DELETE FROM idempotency_records WHERE position(convert_to({id}, 'UTF8') in coalesce(response_body, ''::bytea)) > 0",
                cancellationToken);
        }
        await db.Persons.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.FirstName, (string?)null)
            .SetProperty(p => p.LastName, (string?)null)
            .SetProperty(p => p.Locale, (string?)null)
            .SetProperty(p => p.Timezone, (string?)null)
            .SetProperty(p => p.Metadata, (string?)null)
            .SetProperty(p => p.ErasedAt, now)
            .SetProperty(p => p.UpdatedAt, now), cancellationToken);

        db.Events.Add(PrivacyEvents.New(PrivacyEvents.Erased, person.WorkspaceId, personId, clock));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await db.Entry(person).ReloadAsync(cancellationToken);
        return person;
    }
}
