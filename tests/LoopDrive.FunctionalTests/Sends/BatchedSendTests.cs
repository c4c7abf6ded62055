using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using LoopDrive.Infrastructure.Spine;
using LoopDrive.Workers.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// The send consumers take a stream read as one batch: the gate's facts are read once for the
/// batch, and the sandbox's delivered events come back many to a webhook. Queued before the workers
/// start, the sends below arrive together in one read.
/// </summary>
public sealed class BatchedSendTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task Sends_to_one_person_in_one_batch_still_meet_the_frequency_cap()
    {
        var person = await CreatePersonAsync("cap@example.com");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await SendAsync(new EmailSendRequest(PersonId: person, Subject: "Hi", Body: $"Loaf {i}.")));

        await using var workers = await SendWorkerHost.StartAsync(Servers, new Dictionary<string, string?> { ["Sends:FrequencyCapPerDay"] = "2" });
        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Sends.IgnoreQueryFilters().CountAsync(s => ids.Contains(s.Id) && s.Status != SendStatuses.Queued) == 5,
            "every send was judged at dispatch");
        var sends = await db.Sends.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync();
        Assert.Equal(2, sends.Count(s => s.Status == SendStatuses.Sent));
        Assert.Equal(3, sends.Count(s => s.Status == SendStatuses.Deferred && s.ErrorCode == "frequency_cap"));
        Assert.Equal(2, workers.Provider.TotalReceived);
    }

    [Fact]
    public async Task Delivered_events_of_many_sends_come_back_in_shared_webhooks_and_each_reaches_its_own_send_and_person()
    {
        const int Count = 24;
        var people = new List<string>();
        var ids = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            people.Add(await CreatePersonAsync($"batch{i}@example.com"));
            ids.Add(await SendAsync(new EmailSendRequest(PersonId: people[i], Subject: "Hi", Body: "Fresh bread.")));
        }

        var server = Factory.Server;
        await using var workers = await SendWorkerHost.StartAsync(Servers, new Dictionary<string, string?>
        {
            ["Sends:Sandbox:DelayScale"] = "0",
            ["Sends:Sandbox:BounceRate"] = "0",
            ["Sends:Sandbox:OpenRate"] = "0",
            ["Sends:Sandbox:ReplyRate"] = "0",
            ["Sends:Sandbox:WebhookBaseUrl"] = "http://localhost",
        }, services => services.AddHttpClient(SandboxWebhookDelivery.HttpClientName).ConfigurePrimaryHttpMessageHandler(server.CreateHandler), intake: true);

        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Sends.IgnoreQueryFilters().CountAsync(s => ids.Contains(s.Id) && s.Status == SendStatuses.Delivered) == Count,
            "every send ends delivered");
        var delivered = await db.SendEvents.IgnoreQueryFilters().Where(e => ids.Contains(e.SendId) && e.Type == SendStatuses.Delivered)
            .GroupBy(e => e.SendId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(Enumerable.Repeat(1, Count), delivered);
        // The provider's custom args name the person: each event is attached to the person the send was for.
        var events = await db.Events.IgnoreQueryFilters().Where(e => e.WorkspaceId == WorkspaceId && e.Type == "email.delivered")
            .Select(e => e.PersonId!).ToListAsync();
        Assert.Equal(people.Order(), events.Order());
        var normalize = await workers.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StreamRangeAsync(StreamNames.IntakeNormalize, "-", "+");
        var webhooks = normalize.Count(e => e[StreamEntryFields.WorkspaceId] == WorkspaceId);
        Assert.InRange(webhooks, 1, Count / 2);
    }

    private async Task<string> SendAsync(EmailSendRequest request)
    {
        var response = await Client.PostAsJsonAsync("/api/email/send", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }
}
