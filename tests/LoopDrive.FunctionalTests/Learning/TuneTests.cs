using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.Learning;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Data;
using LoopDrive.Core.Learning;
using LoopDrive.Core.People;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Spine;
using LoopDrive.Core.Voice;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using LoopDrive.Infrastructure.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>Provider webhooks through intake into <c>learning.tune</c>: what one send's outcomes teach, once.</summary>
public sealed class TuneTests(TestServers servers) : ApiTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset SentAt = new(2026, 3, 4, 19, 0, 0, TimeSpan.Zero);

    private string _workspaceId = null!;
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("learning");
        _workspaceId = workspace.Id;
        _client = ClientWithKey(key);
    }

    [Fact]
    public async Task A_click_webhook_moves_the_snippet_win_rate_topic_weights_and_send_time_and_a_replay_changes_nothing()
    {
        await using var workers = await LearningHost.StartAsync(Servers);
        var personId = await NewPersonAsync("reader@example.com");
        var (sendId, snippetId) = await SeedSendAsync(personId, topic: "pricing", startWeight: 0.3);

        await WebhookAsync(workers, Events(sendId, ("delivered", "d1", 0), ("click", "c1", 90)));
        await WaitProcessedAsync(2);

        await using (var db = Servers.CreateDbContext())
        {
            var snippet = await db.Snippets.SingleAsync(s => s.Id == snippetId);
            Assert.Equal((1, 1), (snippet.Impressions, snippet.Conversions));
            Assert.Equal(2.0 / 3, snippet.WinRate, 6);
            var topic = await db.Topics.SingleAsync(t => t.PersonId == personId && t.Name == "pricing");
            Assert.True(topic.Weight > 0.3, $"weight {topic.Weight}");
            var cell = await db.SendTimeCells.SingleAsync(c => c.PersonId == personId);
            Assert.Equal((SendTimeEstimator.HourOfWeek(SentAt), 1.0, 1.0), (cell.HourOfWeek, cell.Trials, cell.Successes));
            var arm = await db.LearningArms.SingleAsync(a => a.Kind == ArmKinds.PromptVersion);
            Assert.Equal(("brand_learn|email_nurture|email|v0", 1.0, 1.0), (arm.ArmKey, arm.Trials, arm.Successes));
            var channel = await db.LearnedChannelDays.SingleAsync();
            Assert.Equal((1L, 1L, 1.0), (channel.Deliveries, channel.Clicks, channel.Positives));
            Assert.Equal(1, (await db.CadenceProfiles.SingleAsync()).Engagements);
        }
        var before = await SnapshotAsync(personId, snippetId);

        // The same webhook again (the provider retries), a second click on the same send, the first learning message
        // redelivered under its own id; then an outcome of an unknown person, which is counted once everything before it is.
        await WebhookAsync(workers, Events(sendId, ("delivered", "d1", 0), ("click", "c1", 90)));
        await WebhookAsync(workers, Events(sendId, ("click", "c2", 600)));
        await RedeliverFirstTuneMessageAsync(workers);
        await EnqueueTuneAsync(workers, new LearningOutcomeObserved("evt_nobody", _workspaceId, "email.clicked", "per_nobody", "email", null, null, SentAt));
        await WaitProcessedAsync(4);

        Assert.Equal(before, await SnapshotAsync(personId, snippetId));
        await using var check = Servers.CreateDbContext();
        Assert.Equal(3, await check.Events.CountAsync());
        Assert.Equal(1, (await check.LoopHealth.ToListAsync()).Sum(h => h.Dropped));
    }

    [Fact]
    public async Task Outcomes_of_erased_persons_are_dropped_and_counted_and_machine_opens_are_ignored()
    {
        await using var workers = await LearningHost.StartAsync(Servers);
        var personId = await NewPersonAsync("gone@example.com");
        var (sendId, snippetId) = await SeedSendAsync(personId, topic: "pricing", startWeight: 0.3);
        var keeper = await NewPersonAsync("stays@example.com");
        var (keptSend, keptSnippet) = await SeedSendAsync(keeper, topic: "shipping", startWeight: 0.5);

        // Delivered, then an open one second later: a privacy proxy's prefetch, not a reader.
        await WebhookAsync(workers, Events(keptSend, ("delivered", "k1", 0), ("open", "k2", 1)), "stays@example.com");
        await WaitProcessedAsync(2);
        await using (var db = Servers.CreateDbContext())
        {
            await db.Persons.Where(p => p.Id == personId).ExecuteUpdateAsync(s => s.SetProperty(p => p.ErasedAt, DateTimeOffset.UtcNow));
        }
        await EnqueueTuneAsync(workers, new LearningOutcomeObserved("evt_gone", _workspaceId, "email.clicked", personId, "email", sendId, null, SentAt.AddMinutes(5)));
        await WaitProcessedAsync(3);

        await using var check = Servers.CreateDbContext();
        var health = await check.LoopHealth.ToListAsync();
        Assert.Equal((3L, 1L, 1L), (health.Sum(h => h.Processed), health.Sum(h => h.Dropped), health.Sum(h => h.Ignored)));
        Assert.Equal(0, (await check.Snippets.SingleAsync(s => s.Id == snippetId)).Impressions);
        var kept = await check.Snippets.SingleAsync(s => s.Id == keptSnippet);
        Assert.Equal((1, 0), (kept.Impressions, kept.Conversions));
    }

    [Fact]
    public async Task An_outcome_queued_one_per_message_before_outcomes_were_grouped_is_still_learned()
    {
        await using var workers = await LearningHost.StartAsync(Servers);
        var personId = await NewPersonAsync("earlier@example.com");
        var (sendId, snippetId) = await SeedSendAsync(personId, topic: "pricing", startWeight: 0.3);

        // The message intake wrote before a deploy that grouped outcomes: one outcome per stream entry.
        await EnqueueTuneAsync<LearningOutcomeObserved>(workers, new("evt_earlier", _workspaceId, "email.delivered", personId, "email", sendId, null, SentAt.AddMinutes(1)));
        await WaitProcessedAsync(1);

        await using var check = Servers.CreateDbContext();
        Assert.Equal(1, (await check.Snippets.SingleAsync(s => s.Id == snippetId)).Impressions);
    }

    private async Task<string> NewPersonAsync(string email)
    {
        var response = await _client.PostAsJsonAsync("/api/person/resolve", new { email });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoopDrive.Contracts.People.PersonResolutionResult>())!.Person.Id;
    }

    /// <summary>A sent email whose composition used one snippet and the shipped nurture prompt, about one topic the person holds.</summary>
    private async Task<(string SendId, string SnippetId)> SeedSendAsync(string personId, string topic, double startWeight)
    {
        await using var db = Servers.CreateDbContext();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var snippet = new Snippet
        {
            Id = "snip_" + suffix, WorkspaceId = _workspaceId, BrandId = "brand_learn", Channel = "email", Objective = "nurture",
            Text = "Saw this and thought of you", Usage = "opening", CreatedAt = SentAt, UpdatedAt = SentAt,
        };
        var composition = new Composition
        {
            Id = "cmp_" + suffix, WorkspaceId = _workspaceId, BrandId = "brand_learn", PersonId = personId, Channel = "email", Objective = "nurture",
            Purpose = "send", Source = "template", Model = "template", PromptVersion = "email_nurture@v0", SnippetsUsed = [snippet.Id],
            Messages = "[]", Guardrails = "[]", CreatedAt = SentAt,
        };
        var send = new Send
        {
            Id = "snd_" + suffix, WorkspaceId = _workspaceId, PersonId = personId, Channel = "email", Purpose = "marketing", Status = "sent",
            BrandId = "brand_learn", Objective = "nurture", CompositionId = composition.Id, QueuedAt = SentAt, ScheduledFor = SentAt, SentAt = SentAt,
            UpdatedAt = SentAt, ExternalId = "sbx_" + suffix,
        };
        db.AddRange(snippet, composition, send);
        db.Topics.Add(new Topic
        {
            Id = "top_" + suffix, WorkspaceId = _workspaceId, PersonId = personId, Name = topic, Weight = startWeight, Source = "declared",
            LastSeen = SentAt, CreatedAt = SentAt, UpdatedAt = SentAt,
        });
        await db.SaveChangesAsync();
        return (send.Id, snippet.Id);
    }

    private static string Events(string sendId, params (string Kind, string Id, int Seconds)[] events) =>
        JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object>
        {
            ["event"] = e.Kind, ["email"] = "reader@example.com", ["timestamp"] = SentAt.AddSeconds(30 + e.Seconds).ToUnixTimeSeconds(),
            ["sg_event_id"] = sendId + e.Id, ["send_id"] = sendId,
        }));

    private async Task WebhookAsync(LearningHost host, string payload, string? email = null)
    {
        if (email is not null) payload = payload.Replace("reader@example.com", email, StringComparison.Ordinal);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
        scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(StreamNames.IntakeNormalize,
            new ProviderPayloadReceived(_workspaceId, "sendgrid", payload, DateTimeOffset.UtcNow), _workspaceId);
        await db.SaveChangesAsync();
    }

    private Task EnqueueTuneAsync(LearningHost host, LearningOutcomeObserved outcome) =>
        EnqueueTuneAsync(host, new LearningOutcomesObserved([outcome]));

    private async Task EnqueueTuneAsync<TMessage>(LearningHost host, TMessage message) where TMessage : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
        scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(StreamNames.LearningTune, message, _workspaceId);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The first learning message goes through the outbox again under its own id, as after a relay
    /// crash between XADD and the commit that removes it from the outbox.
    /// </summary>
    private async Task RedeliverFirstTuneMessageAsync(LearningHost host)
    {
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var first = (await redis.StreamRangeAsync(StreamNames.LearningTune, "-", "+", count: 1)).Single();
        await using var db = Servers.CreateDbContext();
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = first[StreamEntryFields.MessageId]!,
            Stream = StreamNames.LearningTune,
            Type = first[StreamEntryFields.Type]!,
            Payload = first[StreamEntryFields.Payload]!,
            WorkspaceId = _workspaceId,
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private async Task WaitProcessedAsync(long count) =>
        await Eventually.TrueAsync(async () =>
        {
            await using var db = Servers.CreateDbContext();
            return await db.LoopHealth.SumAsync(h => h.Processed) >= count;
        }, $"{count} outcomes are processed", Timeout);

    private async Task<string> SnapshotAsync(string personId, string snippetId)
    {
        await using var db = Servers.CreateDbContext();
        var snippet = await db.Snippets.AsNoTracking().SingleAsync(s => s.Id == snippetId);
        var topics = await db.Topics.AsNoTracking().Where(t => t.PersonId == personId).OrderBy(t => t.Name).Select(t => new { t.Name, t.Weight }).ToListAsync();
        var cells = await db.SendTimeCells.AsNoTracking().OrderBy(c => c.HourOfWeek).Select(c => new { c.HourOfWeek, c.Trials, c.Successes }).ToListAsync();
        var arms = await db.LearningArms.AsNoTracking().OrderBy(a => a.ArmKey).Select(a => new { a.ArmKey, a.Trials, a.Successes, a.Penalties }).ToListAsync();
        var channel = await db.LearnedChannelDays.AsNoTracking().Select(c => new { c.Deliveries, c.Clicks, c.Positives }).ToListAsync();
        return JsonSerializer.Serialize(new { snippet.Impressions, snippet.Conversions, snippet.WinRate, topics, cells, arms, channel });
    }
}
