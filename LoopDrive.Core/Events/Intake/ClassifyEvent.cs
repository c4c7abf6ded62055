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
public sealed class ClassifyEvent(LoopDriveDbContext db, IEventClassifier classifier, AddMemory addMemory, TimeProvider clock)
{
    /// <summary>How much one message moves a topic's weight at full classifier confidence.</summary>
    public const double TopicStep = 0.3;

    public Task HandleAsync(string eventId, CancellationToken cancellationToken) => HandleManyAsync([eventId], cancellationToken);

    /// <summary>
    /// Several events with one classifier call (the offline classifier embeds their texts as one
    /// batch, and the memories then find those vectors in the embedding cache); labels, topics and
    /// memories are then written event by event, in the order given.
    /// </summary>
    public async Task HandleManyAsync(IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
    {
        var loaded = await db.Events.Where(x => eventIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, cancellationToken);
        var pending = eventIds.Distinct(StringComparer.Ordinal)
            .Select(id => loaded.GetValueOrDefault(id))
            .Where(e => e is { Classification: null })
            .Select(e => (Event: e!, Text: EventText.Extract(e!.Payload)))
            .Where(p => p.Text is not null)
            .ToList();
        if (pending.Count == 0) return;

        var classifications = await classifier.ClassifyManyAsync([.. pending.Select(p => p.Text!)], cancellationToken);
        for (var i = 0; i < pending.Count; i++)
            await ApplyAsync(pending[i].Event, pending[i].Text!, classifications[i], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyAsync(Event e, string text, EventClassification classification, CancellationToken cancellationToken)
    {
        e.Classification = JsonSerializer.Serialize(classification, Outbox.Json);
        if (e.PersonId is not null && await db.Persons.FirstOrDefaultAsync(p => p.Id == e.PersonId, cancellationToken) is { ErasedAt: null } person)
        {
            var now = clock.GetUtcNow();
            var topic = await db.Topics.FirstOrDefaultAsync(t => t.PersonId == person.Id && t.Name == classification.Topic, cancellationToken);
            var step = Math.Round(TopicStep * classification.TopicScore, 6);
            if (topic is null)
            {
                db.Topics.Add(new Topic
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
                });
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
            // AddMemory saves the context (so the next event's topic lookup sees this one's); all of it commits with the inbox rows.
            await addMemory.HandleAsync(person, new AddMemory.Request(kind, text, classification.IntentScore, metadata, e.Id, null, null), cancellationToken);
        }
    }
}
