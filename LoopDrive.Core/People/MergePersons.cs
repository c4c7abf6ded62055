using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>
/// Merges a source person into a target in one transaction: identities, notes, memory,
/// objectives, events and consent history move; topics of the same name combine; consent per
/// (channel, scope) keeps the most restrictive state. The source becomes a tombstone and the
/// merge is recorded with a snapshot so <see cref="UndoMerge"/> can restore it.
/// </summary>
public sealed class MergePersons(LoopDriveDbContext db, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(Person Target, PersonMerge Merge)?> HandleAsync(string sourceId, string targetId, CancellationToken cancellationToken)
    {
        if (sourceId == targetId)
            throw new DomainConflictException("merge_into_self", "A person cannot be merged into itself.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Lock both rows in id order so two merges touching the same people cannot interleave.
        var pair = await db.Persons.FromSql($"SELECT * FROM persons WHERE id IN ({sourceId}, {targetId}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
        var source = pair.FirstOrDefault(p => p.Id == sourceId);
        var target = pair.FirstOrDefault(p => p.Id == targetId);
        if (source is null || target is null)
            return null;
        if (source.MergedIntoId is not null || target.MergedIntoId is not null)
            throw new DomainConflictException("merge_tombstone", "A person that was already merged away cannot take part in a merge.");
        if (source.ErasedAt is not null || target.ErasedAt is not null)
            throw new DomainConflictException("merge_erased", "An erased person cannot take part in a merge.");

        var now = clock.GetUtcNow();
        var beforeSource = Copy(source);
        var beforeTarget = Copy(target);

        var sourceTopics = await db.Topics.Where(t => t.PersonId == sourceId).ToListAsync(cancellationToken);
        var targetTopics = await db.Topics.Where(t => t.PersonId == targetId).ToDictionaryAsync(t => t.Name, cancellationToken);
        var combinedSourceTopics = new List<Topic>();
        var combinedTargetTopics = new List<Topic>();
        var movedTopicIds = new List<string>();
        foreach (var topic in sourceTopics)
        {
            if (targetTopics.TryGetValue(topic.Name, out var same))
            {
                combinedSourceTopics.Add(Copy(topic));
                combinedTargetTopics.Add(Copy(same));
                same.Weight = TopicWeights.Combine(same.Weight, topic.Weight);
                same.LastSeen = Max(same.LastSeen, topic.LastSeen);
                same.Category ??= topic.Category;
                same.UpdatedAt = now;
                db.Topics.Remove(topic);
            }
            else
            {
                topic.PersonId = targetId;
                movedTopicIds.Add(topic.Id);
            }
        }

        var sourceConsents = await db.Consents.Where(c => c.PersonId == sourceId).ToListAsync(cancellationToken);
        var targetConsents = await db.Consents.Where(c => c.PersonId == targetId).ToListAsync(cancellationToken);
        var combinedSourceConsents = new List<Consent>();
        var combinedTargetConsents = new List<Consent>();
        var movedConsentIds = new List<string>();
        foreach (var consent in sourceConsents)
        {
            var same = targetConsents.FirstOrDefault(c => c.Channel == consent.Channel && c.Scope == consent.Scope);
            if (same is null)
            {
                consent.PersonId = targetId;
                movedConsentIds.Add(consent.Id);
                continue;
            }
            combinedSourceConsents.Add(Copy(consent));
            combinedTargetConsents.Add(Copy(same));
            var winner = ConsentPolicy.MostRestrictive(same, consent);
            same.Status = winner.Status;
            same.Source = winner.Source;
            same.GrantedAt = winner.GrantedAt;
            same.RevokedAt = winner.RevokedAt;
            same.ExpiresAt = winner.ExpiresAt;
            same.Metadata = winner.Metadata;
            db.Consents.Remove(consent);
        }

        var identityIds = await db.Identities.Where(x => x.PersonId == sourceId).Select(x => x.Id).ToListAsync(cancellationToken);
        var noteIds = await db.Notes.Where(x => x.PersonId == sourceId).Select(x => x.Id).ToListAsync(cancellationToken);
        var memoryIds = await db.MemEmbeddings.Where(x => x.PersonId == sourceId).Select(x => x.Id).ToListAsync(cancellationToken);
        var objectiveIds = await db.Objectives.Where(x => x.PersonId == sourceId).Select(x => x.Id).ToListAsync(cancellationToken);
        var eventIds = await db.Events.Where(x => x.PersonId == sourceId).Select(x => x.Id).ToListAsync(cancellationToken);
        var changeIds = await db.ConsentChanges.Where(x => x.PersonId == sourceId).Select(x => x.Id).ToListAsync(cancellationToken);

        source.MergedIntoId = targetId;
        source.UpdatedAt = now;
        target.UpdatedAt = now;
        var merge = new PersonMerge
        {
            Id = Ids.New("mrg", clock),
            WorkspaceId = target.WorkspaceId,
            SourceId = sourceId,
            TargetId = targetId,
            CreatedAt = now,
            Snapshot = JsonSerializer.Serialize(new MergeSnapshot(beforeSource, beforeTarget,
                identityIds, noteIds, memoryIds, objectiveIds, eventIds, changeIds, movedTopicIds, movedConsentIds,
                combinedSourceTopics, combinedTargetTopics, combinedSourceConsents, combinedTargetConsents), Json),
        };
        db.PersonMerges.Add(merge);
        await db.SaveChangesAsync(cancellationToken);

        await PersonRows.MoveAsync(db.Identities, sourceId, targetId, ids: null, cancellationToken);
        await PersonRows.MoveAsync(db.Notes, sourceId, targetId, ids: null, cancellationToken);
        await PersonRows.MoveAsync(db.MemEmbeddings, sourceId, targetId, ids: null, cancellationToken);
        await PersonRows.MoveAsync(db.Objectives, sourceId, targetId, ids: null, cancellationToken);
        await PersonRows.MoveAsync(db.Events, sourceId, targetId, ids: null, cancellationToken);
        await PersonRows.MoveAsync(db.ConsentChanges, sourceId, targetId, ids: null, cancellationToken);
        // Identities are unique per (type, value), so a merged person holds one primary per type.
        await transaction.CommitAsync(cancellationToken);
        return (target, merge);
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    internal static T Copy<T>(T entity) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(entity, Json), Json)!;
}
