using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>WhatsApp's 24-hour customer-service window and Instagram's messaging window, judged at dispatch from the person's inbound events.</summary>
public sealed class MessagingWindowTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task A_whatsapp_message_outside_the_window_is_skipped_with_the_reason_and_one_inside_it_goes()
    {
        await using var workers = await SendWorkerHost.StartAsync(Servers);
        var person = await CreateWhatsAppPersonAsync();

        var outside = await DmAsync("whatsapp", new { personId = person, body = "Hola, ¿seguimos?" });
        await Eventually.TrueAsync(async () => (await StatusAsync(outside)).Status == "skipped", "the send outside the window is skipped");
        var status = await StatusAsync(outside);
        Assert.Equal(MessagingWindow.OutsideCode, status.Code);
        Assert.Contains(status.Gate!, g => g.Outcome == "skip" && g.Code == MessagingWindow.OutsideCode && g.Stage != "accept");
        Assert.False(workers.Provider.Received.ContainsKey(outside));

        // A message older than the window leaves it closed; a fresh one opens it.
        await AddInboundAsync(person, "whatsapp", DateTimeOffset.UtcNow - MessagingWindow.Standard - TimeSpan.FromMinutes(1));
        var stale = await DmAsync("whatsapp", new { personId = person, body = "Second try." });
        await Eventually.TrueAsync(async () => (await StatusAsync(stale)).Status == "skipped", "a day-old message does not open the window");

        await AddInboundAsync(person, "whatsapp", DateTimeOffset.UtcNow.AddHours(-1));
        var inside = await DmAsync("whatsapp", new { personId = person, body = "Gracias por escribir." });
        await Eventually.TrueAsync(async () => (await StatusAsync(inside)).Status == "sent", "the send inside the window is dispatched");
        Assert.Equal(1, workers.Provider.Received[inside]);
    }

    [Fact]
    public async Task Instagram_without_a_recent_message_is_skipped()
    {
        await using var workers = await SendWorkerHost.StartAsync(Servers);
        var person = await CreateInstagramPersonAsync();
        await AddInboundAsync(person, "instagram", DateTimeOffset.UtcNow.AddDays(-2));

        var sent = await DmAsync("instagram", new { personId = person, body = "Still interested?" });
        await Eventually.TrueAsync(async () => (await StatusAsync(sent)).Status == "skipped", "the send outside the window is skipped");
        Assert.Equal(MessagingWindow.OutsideCode, (await StatusAsync(sent)).Code);
        Assert.False(workers.Provider.Received.ContainsKey(sent));
    }

    [Fact]
    public async Task Outside_the_window_whatsapp_sends_the_named_template_and_instagram_the_human_agent_tag()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = r => r.Path.Contains("/1065/")
            ? (200, """{"messaging_product":"whatsapp","messages":[{"id":"wamid.T1"}]}""", [])
            : (200, """{"recipient_id":"igsid-7","message_id":"mid.H1"}""", []);
        await using var workers = await LiveProviderTests.StartLiveAsync(Servers, fake);
        var waPerson = await CreateWhatsAppPersonAsync();
        var igPerson = await CreateInstagramPersonAsync();
        await AddInboundAsync(igPerson, "instagram", DateTimeOffset.UtcNow.AddDays(-3));

        var template = await DmAsync("whatsapp", new
        {
            personId = waPerson, body = "Free text that cannot go.", metadata = new { whatsappTemplate = new { name = "order_ready", language = "es" } },
        });
        var tagged = await DmAsync("instagram", new { personId = igPerson, body = "Answering your question.", metadata = new { instagramTag = "HUMAN_AGENT" } });
        await Eventually.TrueAsync(async () => (await StatusAsync(template)).Status == "sent" && (await StatusAsync(tagged)).Status == "sent",
            "both sends go out through their way into the window");

        Assert.Contains((await StatusAsync(template)).Gate!, g => g.Stage == "dispatch" && g.Code == MessagingWindow.TemplateCode);
        var requests = fake.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var wa = JsonDocument.Parse(requests.Single(r => r.Path.Contains("/1065/")).Body).RootElement;
        Assert.Equal("template", wa.GetProperty("type").GetString());
        Assert.Equal(("order_ready", "es"), (wa.GetProperty("template").GetProperty("name").GetString(),
            wa.GetProperty("template").GetProperty("language").GetProperty("code").GetString()));
        Assert.False(wa.TryGetProperty("text", out _));
        var ig = JsonDocument.Parse(requests.Single(r => r.Path.Contains("/17841400/")).Body).RootElement;
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), (ig.GetProperty("messaging_type").GetString(), ig.GetProperty("tag").GetString()));
    }

    private async Task<string> DmAsync(string platform, object body)
    {
        var response = await Client.PostAsJsonAsync($"/api/social/{platform}/dm", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }

    private async Task<string> CreateWhatsAppPersonAsync()
    {
        var person = await CreatePersonAsync("wa@example.com", "+14155550123", consent: false);
        await GrantAsync(person, "whatsapp");
        return person;
    }

    private Task<string> CreateInstagramPersonAsync() => CreateHandlePersonAsync("igsid-7", "instagram");
}
