using System.Net.Http.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>The intake pipeline end to end: API or outbox → workers' consumers → classified event, memory, topic weight.</summary>
public sealed class PipelineTests(TestServers servers) : EventsTest(servers)
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_inbound_reply_becomes_a_classified_event_a_memory_and_a_topic_weight()
    {
        await using var workers = await IntakeHost.StartAsync(Servers);
        var personId = await NewPersonAsync("buyer@example.com");

        var reply = await IngestAsync(new
        {
            type = "email.replied", channel = "email", source = "sendgrid", personId,
            payload = new { text = "How much does the pro plan cost per year? Is there a discount?" },
        });

        await Eventually.TrueAsync(async () => (await EventAsync(reply.Id)).Classification is not null, "the reply is classified", PipelineTimeout);
        var stored = await Client.GetFromJsonAsync<Event>($"/api/events/{reply.Id}");
        Assert.Equal("pricing_question", stored!.Classification!.Intent);
        Assert.Equal("pricing", stored.Classification.Topic);
        Assert.InRange(stored.Classification.IntentScore, 0.0, 1.0);
        await using var db = Servers.CreateDbContext();
        var memory = await db.MemEmbeddings.SingleAsync(m => m.SourceEventId == reply.Id);
        Assert.Equal(personId, memory.PersonId);
        Assert.Equal("intent", memory.Kind);
        var topic = await db.Topics.SingleAsync(t => t.PersonId == personId);
        Assert.Equal("pricing", topic.Name);
        Assert.True(topic.Weight > 0);
    }

    [Fact]
    public async Task A_provider_payload_is_normalized_to_a_resolved_person_once_however_often_it_arrives()
    {
        await using var workers = await IntakeHost.StartAsync(Servers);
        const string inbound = """{"MessageSid":"SM42","SmsStatus":"received","From":"+14155550100","To":"+14155550199","Body":"Please remove me from your list"}""";

        await EnqueueAsync(workers, StreamNames.IntakeNormalize, new ProviderPayloadReceived(WorkspaceId, "twilio", inbound, DateTimeOffset.UtcNow));
        await EnqueueAsync(workers, StreamNames.IntakeNormalize, new ProviderPayloadReceived(WorkspaceId, "twilio", inbound, DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(async () =>
        {
            await using var db = Servers.CreateDbContext();
            return await db.Events.AnyAsync(e => e.Classification != null)
                   && await db.ProcessedMessages.CountAsync(p => p.Consumer != null) >= 3;
        }, "both deliveries are handled and the reply is classified", PipelineTimeout);
        await using var check = Servers.CreateDbContext();
        var e = await check.Events.SingleAsync();
        Assert.Equal(("sms.replied", "sms", "twilio"), (e.Type, e.Channel, e.Source));
        Assert.NotNull(e.PersonId);
        Assert.Equal(e.PersonId, (await check.Identities.SingleAsync(i => i.Type == "phone")).PersonId);
        Assert.Contains("unsubscribe_request", e.Classification);
    }

    [Fact]
    public async Task An_event_the_workers_normalize_reaches_live_subscribers_once_it_is_committed()
    {
        await using var workers = await IntakeHost.StartAsync(Servers);
        await using var stream = await SseReader.OpenAsync(Client, "/api/events/stream?types=sms.replied");
        await stream.WaitForCommentAsync("connected");
        const string inbound = """{"MessageSid":"SM77","SmsStatus":"received","From":"+14155550101","To":"+14155550199","Body":"Is the annual plan cheaper?"}""";

        await EnqueueAsync(workers, StreamNames.IntakeNormalize, new ProviderPayloadReceived(WorkspaceId, "twilio", inbound, DateTimeOffset.UtcNow));

        var (id, data) = await stream.NextEventAsync();
        await using var db = Servers.CreateDbContext();
        var stored = await db.Events.AsNoTracking().SingleAsync();
        Assert.Equal(stored.Id, id);
        Assert.Contains("\"sms.replied\"", data);
    }

    [Fact]
    public async Task A_csv_import_on_intake_fetch_stores_each_row_attached_to_its_person()
    {
        await using var workers = await IntakeHost.StartAsync(Servers);
        const string csv = "type,email,channel,text,ts,idempotencyKey\n"
                           + "note.added,ada@example.com,email,\"Met at the expo, asked about integrations\",2026-01-05T10:00:00Z,row-1\n"
                           + "email.opened,bob@example.com,email,,2026-01-05T11:00:00Z,row-2\n";

        await EnqueueAsync(workers, StreamNames.IntakeFetch, new EventImportRequested(WorkspaceId, "csv", csv, "import"));

        await Eventually.TrueAsync(async () =>
        {
            await using var db = Servers.CreateDbContext();
            return await db.Events.CountAsync() == 2 && await db.Events.AnyAsync(x => x.Classification != null);
        }, "both rows are stored and the note classified", PipelineTimeout);
        await using var check = Servers.CreateDbContext();
        var note = await check.Events.SingleAsync(x => x.Type == "note.added");
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), note.Ts);
        Assert.Equal("row-1", note.IdempotencyKey);
        Assert.Equal(2, await check.Events.Select(x => x.PersonId).Distinct().CountAsync());
    }

    private async Task<LoopDrive.Core.Events.Event> EventAsync(string id)
    {
        await using var db = Servers.CreateDbContext();
        return await db.Events.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    private async Task EnqueueAsync<T>(IntakeHost host, string stream, T message) where T : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
        scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(stream, message, WorkspaceId);
        await db.SaveChangesAsync();
    }
}
