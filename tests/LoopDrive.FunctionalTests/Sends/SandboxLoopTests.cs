using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using LoopDrive.Workers.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ConsentContract = LoopDrive.Contracts.People.Consent;
using EventContract = LoopDrive.Contracts.Events.Event;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// The offline loop: the sandbox accepts a send, its audience reacts, and the reactions come back
/// as signed webhooks through the API's own routes into the intake pipeline and onto the send.
/// </summary>
public sealed class SandboxLoopTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task A_sandbox_email_ends_delivered_with_its_events_on_the_send_and_in_the_event_store()
    {
        await using var workers = await StartWorkersAsync(new() { ["Sends:Sandbox:OpenRate"] = "0" });
        var person = await CreatePersonAsync("ana@example.com");
        var sent = await SendAsync("/api/email/send", new EmailSendRequest(PersonId: person, Subject: "Hi", Body: "Fresh bread."));

        await Eventually.TrueAsync(async () => (await StatusAsync(sent)).Status == "delivered", "the delivered webhook reaches the send");
        var status = await StatusAsync(sent);
        Assert.Contains(status.Events, e => e.Type == "send.sent");
        Assert.Contains(status.Events, e => e.Type == "send.delivered" && e.Source == "sendgrid");
        var events = await (await Client.PostAsJsonAsync("/api/events/query", new { personId = person, types = new[] { "email.delivered" } }))
            .Content.ReadFromJsonAsync<EventContract[]>();
        Assert.Single(events!);
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.PendingSandboxWebhooks.CountAsync());
    }

    [Fact]
    public async Task Opens_and_clicks_move_the_send_forward_and_a_sandbox_STOP_text_revokes_consent()
    {
        await using var workers = await StartWorkersAsync(new()
        {
            ["Sends:Sandbox:OpenRate"] = "1", ["Sends:Sandbox:ClickRate"] = "1", ["Sends:Sandbox:ReplyRate"] = "1", ["Sends:Sandbox:StopRate"] = "1",
        });
        var person = await CreatePersonAsync("rae@example.com", "+14155550123");
        var email = await SendAsync("/api/email/send", new EmailSendRequest(PersonId: person, Subject: "Hi", Body: "Fresh bread."));
        var sms = await SendAsync("/api/sms/send", new { personId = person, body = "Fresh bread today." });

        await Eventually.TrueAsync(async () => (await StatusAsync(email)).Status is "clicked" or "replied", "the email is opened and clicked");
        await Eventually.TrueAsync(async () =>
            (await Client.GetFromJsonAsync<ConsentContract[]>($"/api/person/{person}/consent"))!.Any(c => c.Channel == "sms" && c.Status == "revoked"),
            "the STOP reply revokes SMS consent");
        var types = (await StatusAsync(email)).Events.Select(e => e.Type).ToList();
        Assert.Contains("send.opened", types);
        Assert.Contains("send.clicked", types);
        Assert.Equal("replied", (await StatusAsync(sms)).Status);
    }

    [Fact]
    public async Task Owed_webhooks_survive_a_worker_restart()
    {
        var person = await CreatePersonAsync("ana@example.com");
        string sent;
        // Real-time delays: the delivered webhook is owed for two seconds after acceptance.
        await using (var first = await StartWorkersAsync(new() { ["Sends:Sandbox:DelayScale"] = "1", ["Sends:Sandbox:OpenRate"] = "0" }))
        {
            sent = await SendAsync("/api/email/send", new EmailSendRequest(PersonId: person, Subject: "Hi", Body: "Fresh bread."));
            await Eventually.TrueAsync(async () => (await StatusAsync(sent)).Status == "sent", "the send is accepted by the sandbox");
        }
        await using (var db = Servers.CreateDbContext())
            Assert.Equal(1, await db.PendingSandboxWebhooks.CountAsync(w => w.SendId == sent && w.Kind == "delivered"));

        await using var second = await StartWorkersAsync(new() { ["Sends:Sandbox:DelayScale"] = "1" });
        await Eventually.TrueAsync(async () => (await StatusAsync(sent)).Status == "delivered", "the restarted workers deliver what was owed");
    }

    private async Task<string> SendAsync(string path, object body)
    {
        var response = await Client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }

    private Task<SendWorkerHost> StartWorkersAsync(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Sends:Sandbox:DelayScale"] = "0",
            ["Sends:Sandbox:BounceRate"] = "0",
            ["Sends:Sandbox:ReplyRate"] = "0",
            ["Sends:Sandbox:WebhookBaseUrl"] = "http://localhost",
        };
        foreach (var (key, value) in settings) all[key] = value;
        var server = Factory.Server;
        return SendWorkerHost.StartAsync(Servers, all, services => services
            .AddHttpClient(SandboxWebhookDelivery.HttpClientName).ConfigurePrimaryHttpMessageHandler(server.CreateHandler), intake: true);
    }
}
