using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using LoopDrive.Infrastructure.Sends;
using LoopDrive.Workers.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ConsentContract = LoopDrive.Contracts.People.Consent;
using EventContract = LoopDrive.Contracts.Events.Event;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// Reddit pushes no webhooks: a sandbox Reddit recipient's reply waits in the sandbox account's
/// inbox until the scheduled inbox poll reads it, and from there takes the live path into intake.
/// </summary>
public sealed class SandboxRedditInboxTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task A_sandbox_reddit_reply_is_polled_from_the_inbox_into_a_reply_event_on_the_person_and_the_send()
    {
        var person = await CreateHandlePersonAsync("ana_bakes", "reddit");
        await using var workers = await StartWorkersAsync(stopRate: "0");
        var sent = await SendDmAsync(person, "Fresh bread today.");

        await Eventually.TrueAsync(async () => (await StatusAsync(sent)).Status == "replied", "the polled reply reaches the send");
        var replies = await RepliesAsync(person);
        var reply = Assert.Single(replies);
        Assert.Equal((person, "reddit", "reddit"), (reply.PersonId, reply.Channel, reply.Source));
        Assert.Contains((await StatusAsync(sent)).Events, e => e.Type == "send.replied" && e.Source == "reddit");
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.PendingSandboxWebhooks.CountAsync(w => w.SendId == sent));
        Assert.Equal(1, await db.ProviderReceipts.CountAsync(r => r.Provider == "reddit"));
    }

    [Fact]
    public async Task A_sandbox_reddit_STOP_reply_revokes_reddit_consent_through_the_poll()
    {
        var person = await CreateHandlePersonAsync("rae_bakes", "reddit");
        await using var workers = await StartWorkersAsync(stopRate: "1");
        await SendDmAsync(person, "Fresh bread today.");

        await Eventually.TrueAsync(async () =>
            (await Client.GetFromJsonAsync<ConsentContract[]>($"/api/person/{person}/consent"))!.Any(c => c.Channel == "reddit" && c.Status == "revoked"),
            "the polled STOP revokes Reddit consent");
        Assert.Single(await RepliesAsync(person));
    }

    private async Task<EventContract[]> RepliesAsync(string person) =>
        (await (await Client.PostAsJsonAsync("/api/events/query", new { personId = person, types = new[] { "dm.replied" } }))
            .Content.ReadFromJsonAsync<EventContract[]>())!;

    private async Task<string> SendDmAsync(string person, string body)
    {
        var response = await Client.PostAsJsonAsync("/api/social/reddit/dm", new { personId = person, platform = "reddit", body });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }

    private Task<SendWorkerHost> StartWorkersAsync(string stopRate)
    {
        var server = Factory.Server;
        return SendWorkerHost.StartAsync(Servers, new Dictionary<string, string?>
        {
            ["Sends:Sandbox:DelayScale"] = "0",
            ["Sends:Sandbox:BounceRate"] = "0",
            ["Sends:Sandbox:OpenRate"] = "0",
            ["Sends:Sandbox:ReplyRate"] = "1",
            ["Sends:Sandbox:StopRate"] = stopRate,
            ["Sends:Sandbox:WebhookBaseUrl"] = "http://localhost",
            ["Events:Poll:Interval"] = "00:00:00.200",
        }, services => services.AddHttpClient(SandboxWebhookDelivery.HttpClientName).ConfigurePrimaryHttpMessageHandler(server.CreateHandler),
            intake: true, polls: true);
    }
}
