using LoopDrive.Core.Events;
using LoopDrive.Core.Events.Intake;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>
/// <c>intake.embed</c> classifies a read batch with one classifier call and embeds its memories with
/// one call: each reply must still get its own labels, topic, and a memory holding its own vector.
/// </summary>
public sealed class BatchClassificationTests(TestServers servers) : EventsTest(servers)
{
    private static readonly string[] Replies =
    [
        "How much does the pro plan cost per year? Is there a discount?",
        "Can we book a demo next Tuesday with our sales team?",
        "Please stop emailing me, unsubscribe me from this list.",
        "Your last update broke our integration and support never answered.",
        "We are ready to buy, please send over the contract.",
        "Thanks, the onboarding guide was really helpful!",
    ];

    [Fact]
    public async Task Replies_stored_together_each_get_the_labels_they_get_alone_a_memory_and_a_topic()
    {
        await using var workers = await IntakeHost.StartAsync(Servers);
        var people = new[] { await NewPersonAsync("first@example.com"), await NewPersonAsync("second@example.com") };

        // One batch: their intake.embed messages are relayed and read together.
        await IngestBatchAsync(Replies.Select((text, i) => (object)new
        {
            type = "email.replied", channel = "email", personId = people[i % 2], payload = new { text },
        }));

        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Events.CountAsync(e => e.Classification != null) == Replies.Length,
            "every reply is classified", TimeSpan.FromSeconds(60));

        var alone = workers.Services.GetRequiredService<PrototypeEventClassifier>();
        var embeddings = workers.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        foreach (var stored in await db.Events.AsNoTracking().ToListAsync())
        {
            var text = EventText.Extract(stored.Payload)!;
            var expected = await alone.ClassifyAsync(text, CancellationToken.None);
            var actual = System.Text.Json.JsonSerializer.Deserialize<LoopDrive.Contracts.Events.EventClassification>(
                stored.Classification!, LoopDrive.Core.Spine.Outbox.Json)!;
            Assert.Equal((expected.Intent, expected.Topic, expected.Sentiment), (actual.Intent, actual.Topic, actual.Sentiment));
            Assert.Equal(expected.IntentScore, actual.IntentScore, 3);
            var memory = await db.MemEmbeddings.AsNoTracking().SingleAsync(m => m.SourceEventId == stored.Id && m.Text == text && m.PersonId == stored.PersonId);
            // Batched with its neighbours, the memory's vector is still the one of its own text.
            var own = (await embeddings.GenerateAsync(text)).Vector.ToArray();
            Assert.NotNull(memory.Vector);
            Assert.Equal(own.Length, memory.Vector!.Length);
            Assert.True(own.Zip(memory.Vector).Max(p => Math.Abs(p.First - p.Second)) < 1e-3, $"the memory of event {stored.Id} holds its own text's vector");
        }
        foreach (var person in people)
            Assert.True(await db.Topics.AnyAsync(t => t.PersonId == person && t.Weight > 0), $"{person} has a topic weight");
    }
}
