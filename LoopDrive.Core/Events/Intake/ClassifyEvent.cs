using System.Text.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// <c>intake.embed</c>: classify a stored text-bearing event, keep the labels on it, remember the
/// words as a memory of the person and strengthen the topic they spoke about. Runs inside the
/// consumer's transaction, so a redelivery (inbox) changes nothing twice.
/// </summary>
public sealed class ClassifyEvent(LoopDriveDbContext db, IEventClassifier classifier, AddMemories addMemories, TimeProvider clock)
{
    /// <summary>How much one message moves a topic's weight at full classifier confidence.</summary>
    public const double TopicStep = 0.3;

    public Task HandleAsync(string eventId, CancellationToken cancellationToken) => HandleManyAsync([eventId], cancellationToken);

    /// <summary>
    /// Several events with one classifier call (the offline classifier embeds their texts as one
    /// batch, and the memories then find those vectors in the embedding cache). The events' people
    /// and their topics are read in one query each; labels, topics and memories are then written
    /// event by event, in the order given, so two messages of one person on one topic both count.
    /// </summary>
    public async Task HandleManyAsync(IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
    {
        var ids = eventIds.Distinct(StringComparer.Ordinal).ToList();
        var loaded = await db.Events.Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, cancellationToken);
        var pending = ids
            .Select(id => loaded.GetValueOrDefault(id))
            .Where(e => e is { Classification: null })
            .Select(e => (Event: e!, Text: EventText.Extract(e!.Payload)))
            .Where(p => p.Text is not null)
            .ToList();
        if (pending.Count == 0) return;

        var classifications = await classifier.ClassifyManyAsync([.. pending.Select(p => p.Text!)], cancellationToken);
        var personIds = pending.Where(p => p.Event.PersonId is not null).Select(p => p.Event.PersonId!).Distinct(StringComparer.Ordinal).ToList();
        var people = personIds.Count == 0 ? [] : await db.Persons.Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        var topicNames = classifications.Select(c => c.Topic).Distinct(StringComparer.Ordinal).ToList();
        var topics = personIds.Count == 0 ? [] : (await db.Topics.Where(t => personIds.Contains(t.PersonId) && topicNames.Contains(t.Name)).ToListAsync(cancellationToken))
            .GroupBy(t => (t.PersonId, t.Name))
            .ToDictionary(g => g.Key, g => g.First());

        // One save for the whole batch, inside the consumer's transaction (no savepoint: a failure
        // rolls the batch back and the consumer retries each message alone): the labels, the topics
        // and every memory go in one round trip of statements instead of one per reply. Changes are
        // detected once, after the batch, since tracked events and topics grow with it.
        var savepoints = db.Database.AutoSavepointsEnabled;
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.Database.AutoSavepointsEnabled = false;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var memories = new List<(Person, AddMemory.Request)>(pending.Count);
            for (var i = 0; i < pending.Count; i++)
                Apply(pending[i].Event, pending[i].Text!, classifications[i], people, topics, memories);
            db.ChangeTracker.DetectChanges();
            // AddMemories embeds the texts in one call and its save writes the labels and topics too.
            if (memories.Count > 0) await addMemories.HandleAsync(memories, cancellationToken);
            else await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void Apply(Event e, string text, EventClassification classification, Dictionary<string, Person> people,
        Dictionary<(string PersonId, string Name), Topic> topics, List<(Person, AddMemory.Request)> memories)
    {
        e.Classification = JsonSerializer.Serialize(classification, Outbox.Json);
        if (e.PersonId is not null && people.GetValueOrDefault(e.PersonId) is { ErasedAt: null } person)
        {
            var now = clock.GetUtcNow();
            var step = Math.Round(TopicStep * classification.TopicScore, 6);
            if (!topics.TryGetValue((person.Id, classification.Topic), out var topic))
            {
                topics[(person.Id, classification.Topic)] = db.Topics.Add(new Topic
                {
                    Id = Ids.New(IdPrefixes.Topic, clock),
                    WorkspaceId = person.WorkspaceId,
                    PersonId = person.Id,
                    Name = classification.Topic,
                    Weight = step,
                    Source = "inferred",
                    LastSeen = now,
                    CreatedAt = now,
                    UpdatedAt = now,
                }).Entity;
            }
            else
            {
                topic.Weight = TopicWeights.Combine(TopicWeights.Effective(topic.Weight, topic.LastSeen, now), step);
                topic.LastSeen = now;
                topic.UpdatedAt = now;
            }
            var kind = classification.Intent switch
            {
                "objection" or "complaint" => "objection",
                "demo_request" or "pricing_question" or "purchase_intent" or "unsubscribe_request" => "intent",
                _ => "message",
            };
            var metadata = JsonSerializer.Serialize(new
            {
                intent = classification.Intent,
                sentiment = classification.Sentiment,
                topic = classification.Topic,
                eventType = e.Type,
                channel = e.Channel,
            }, Outbox.Json);
            memories.Add((person, new AddMemory.Request(kind, text, classification.IntentScore, metadata, e.Id, null, null)));
        }
    }
}
