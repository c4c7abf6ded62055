using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>
/// Reverses a merge from its snapshot: what moved goes back, combined topics and consents get
/// their earlier values, and the source person is restored as it was. Undoing twice answers the
/// current state. A merge whose people changed shape since (merged again) cannot be undone.
/// </summary>
public sealed class UndoMerge(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<(PersonMerge Merge, Person Source, Person Target)?> HandleAsync(string mergeId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var merge = await db.PersonMerges.FromSql($"SELECT * FROM person_merges WHERE id = {mergeId} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);
        if (merge is null) return null;
        var pair = await db.Persons.FromSql($"SELECT * FROM persons WHERE id IN ({merge.SourceId}, {merge.TargetId}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
        var source = pair.Single(p => p.Id == merge.SourceId);
        var target = pair.Single(p => p.Id == merge.TargetId);
        if (merge.UndoneAt is not null)
            return (merge, source, target);
        if (target.MergedIntoId is not null || source.MergedIntoId != target.Id)
            throw new DomainConflictException("merge_superseded", "A later merge involves these people; undo that one first.");

        var snapshot = JsonSerializer.Deserialize<MergeSnapshot>(merge.Snapshot, MergePersons.Json)!;
        var (s, t) = (merge.SourceId, merge.TargetId);
        await PersonRows.MoveAsync(db.Identities, t, s, snapshot.IdentityIds, cancellationToken);
        await PersonRows.MoveAsync(db.Notes, t, s, snapshot.NoteIds, cancellationToken);
        await PersonRows.MoveAsync(db.MemEmbeddings, t, s, snapshot.MemoryIds, cancellationToken);
        await PersonRows.MoveAsync(db.Objectives, t, s, snapshot.ObjectiveIds, cancellationToken);
        await PersonRows.MoveAsync(db.Events, t, s, snapshot.EventIds, cancellationToken);
        await PersonRows.MoveAsync(db.ConsentChanges, t, s, snapshot.ConsentChangeIds, cancellationToken);
        await PersonRows.MoveAsync(db.Topics, t, s, snapshot.MovedTopicIds, cancellationToken);
        await PersonRows.MoveAsync(db.Consents, t, s, snapshot.MovedConsentIds, cancellationToken);

        foreach (var before in snapshot.CombinedTargetTopics)
            db.Entry(await db.Topics.SingleAsync(x => x.Id == before.Id, cancellationToken)).CurrentValues.SetValues(before);
        db.Topics.AddRange(snapshot.CombinedSourceTopics);
        foreach (var before in snapshot.CombinedTargetConsents)
            db.Entry(await db.Consents.SingleAsync(x => x.Id == before.Id, cancellationToken)).CurrentValues.SetValues(before);
        db.Consents.AddRange(snapshot.CombinedSourceConsents);

        db.Entry(source).CurrentValues.SetValues(snapshot.Source);
        db.Entry(target).CurrentValues.SetValues(snapshot.Target);
        merge.UndoneAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (merge, source, target);
    }
}
