using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// A send whose provider call got no answer (a 5xx) is <c>unknown</c>; reconciliation asks the live
/// provider (real SDKs and clients pointed at a recording fake) and settles it, never by sending again.
/// </summary>
public sealed class ReconcileLookupTests(TestServers servers) : SendsTest(servers)
{
    private const string Sms = "Fresh bread today.";
    private const string XText = "Thanks for the follow!";
    private const string IgText = "Your order is ready.";

    [Fact]
    public async Task Twilio_Instagram_and_X_lookups_find_the_message_and_the_send_settles_as_sent()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = r => r.Method == "POST" ? Refused(r) : Listed(r, found: true);
        await using var workers = await LiveProviderTests.StartLiveAsync(Servers, fake);
        var smsPerson = await CreatePersonAsync("ana@example.com", "+14155550100");
        var xPerson = await CreateHandlePersonAsync("9001", "x");
        var igPerson = await CreateHandlePersonAsync("igsid-7", "instagram");
        await AddInboundAsync(igPerson, "instagram", DateTimeOffset.UtcNow.AddHours(-1));

        var sms = await SendAsync("/api/sms/send", new { personId = smsPerson, body = Sms });
        var x = await SendAsync("/api/social/x/dm", new { personId = xPerson, platform = "x", body = XText });
        var ig = await SendAsync("/api/social/instagram/dm", new { personId = igPerson, platform = "instagram", body = IgText });

        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Sends.IgnoreQueryFilters().CountAsync(s => new[] { sms, x, ig }.Contains(s.Id) && s.Status == "sent") == 3,
            "the three unknown sends are confirmed with their providers", TimeSpan.FromSeconds(60));
        var external = await db.Sends.IgnoreQueryFilters().Where(s => new[] { sms, x, ig }.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.ExternalId);
        Assert.Equal(("SM77", "1580000000000000077", "mid.F77"), (external[sms], external[x], external[ig]));
        Assert.Contains((await StatusAsync(sms)).Events, e => e.Type == "send.unknown");

        var requests = fake.Requests.ToArray();
        Assert.Equal(3, requests.Count(r => r.Method == "POST"));
        var twilioList = Assert.Single(requests, r => r.Method == "GET" && r.Path.Contains("/Messages.json"));
        Assert.Contains("To=%2B14155550100", twilioList.Path);
        Assert.Contains("From=%2B15005550006", twilioList.Path);
        Assert.Contains(requests, r => r.Method == "GET" && r.Path.StartsWith("/2/dm_conversations/with/9001/dm_events") && r.Headers["Authorization"] == "Bearer x-user-token");
        Assert.Contains(requests, r => r.Method == "GET" && r.Path.StartsWith("/v21.0/17841400/conversations") && r.Path.Contains("user_id=igsid-7"));
    }

    [Fact]
    public async Task A_message_the_provider_does_not_show_or_cannot_be_asked_about_goes_to_review_and_is_never_resent()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = r => r.Method == "POST" ? Refused(r) : Listed(r, found: false);
        await using var workers = await LiveProviderTests.StartLiveAsync(Servers, fake);
        var xPerson = await CreateHandlePersonAsync("9001", "x");
        var waPerson = await CreatePersonAsync("wa@example.com", "+14155550123", consent: false);
        await GrantAsync(waPerson, "whatsapp");
        await AddInboundAsync(waPerson, "whatsapp", DateTimeOffset.UtcNow.AddHours(-1));

        var x = await SendAsync("/api/social/x/dm", new { personId = xPerson, platform = "x", body = XText });
        var wa = await SendAsync("/api/social/whatsapp/dm", new { personId = waPerson, platform = "whatsapp", body = "Hola" });

        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Sends.IgnoreQueryFilters().CountAsync(s => (s.Id == x || s.Id == wa) && s.ErrorCode == "needs_review") == 2,
            "both sends are flagged for review", TimeSpan.FromSeconds(60));
        var rows = await db.Sends.IgnoreQueryFilters().Where(s => s.Id == x || s.Id == wa).ToListAsync();
        Assert.All(rows, s => Assert.Equal("unknown", s.Status));
        var requests = fake.Requests.ToArray();
        Assert.Equal(2, requests.Count(r => r.Method == "POST"));
        Assert.Single(requests, r => r.Method == "GET");
        var reviewed = await db.SendEvents.IgnoreQueryFilters().Where(e => e.SendId == x && e.Code == "needs_review").Select(e => e.Detail).SingleAsync();
        Assert.Contains("shows no such message", reviewed);
    }

    /// <summary>Every provider fails the POST with a 5xx: the message may or may not have been taken.</summary>
    private static (int, string, Dictionary<string, string>) Refused(ProviderFake.Recorded r) => r.Path.Contains("/Messages.json")
        ? (500, """{"code":20500,"message":"Internal Server Error","status":500}""", [])
        : (502, """{"error":{"message":"upstream"}}""", []);

    private static (int, string, Dictionary<string, string>) Listed(ProviderFake.Recorded r, bool found)
    {
        var now = DateTimeOffset.UtcNow;
        if (r.Path.Contains("/Messages.json"))
        {
            var messages = found
                ? new[] { new { sid = "SM77", body = Sms, to = "+14155550100", from = "+15005550006", status = "sent", account_sid = "AC123",
                    date_created = now.ToString("R", CultureInfo.InvariantCulture) } }
                : [];
            return (200, JsonSerializer.Serialize(new
            {
                messages, uri = "/2010-04-01/Accounts/AC123/Messages.json", first_page_uri = "/2010-04-01/Accounts/AC123/Messages.json?Page=0",
                next_page_uri = (string?)null, previous_page_uri = (string?)null, page = 0, page_size = 100, start = 0, end = messages.Length,
            }), []);
        }
        if (r.Path.Contains("/dm_events"))
        {
            var events = found
                ? new object[]
                {
                    new { id = "1580000000000000076", text = XText, created_at = now.AddDays(-2).ToString("O"), sender_id = "42" },
                    new { id = "1580000000000000075", text = "A reply", created_at = now.ToString("O"), sender_id = "9001" },
                    new { id = "1580000000000000077", text = XText, created_at = now.ToString("O"), sender_id = "42" },
                }
                : [];
            return (200, JsonSerializer.Serialize(new { data = events, meta = new { result_count = events.Length } }), []);
        }
        var conversation = new { id = "conv1", messages = new { data = new[]
        {
            new { id = "mid.F76", created_time = now.ToString("yyyy-MM-ddTHH:mm:ss+0000", CultureInfo.InvariantCulture), message = "Hi!", from = new { id = "igsid-7" } },
            new { id = "mid.F77", created_time = now.ToString("yyyy-MM-ddTHH:mm:ss+0000", CultureInfo.InvariantCulture), message = IgText, from = new { id = "17841400" } },
        } } };
        return (200, JsonSerializer.Serialize(new { data = found ? new[] { conversation } : [] }), []);
    }

    private async Task<string> SendAsync(string route, object body)
    {
        var response = await Client.PostAsJsonAsync(route, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }
}
