using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Sends.Webhooks;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ConsentContract = LoopDrive.Contracts.People.Consent;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// Providers:Mode=live with the real SendGrid and Twilio SDKs pointed at a local fake that records
/// what they send: the request body, headers and form parameters, and how answers map to results.
/// </summary>
public sealed class LiveProviderTests(TestServers servers) : SendsTest(servers)
{
    private const string PublicBase = "https://hooks.example.test";

    [Fact]
    public async Task SendGrid_gets_the_send_id_tracking_and_one_click_unsubscribe_headers()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = _ => (202, "", new() { ["X-Message-Id"] = "sg-msg-1" });
        await using var workers = await StartLiveAsync(fake);

        var result = await Provider(workers, "email").SendAsync(Message("email", "ana@example.com", "Hi", "Fresh bread."), CancellationToken.None);

        Assert.Equal((ProviderResult.Accepted, "sg-msg-1"), (result.Kind, result.ExternalId));
        var request = Assert.Single(fake.Requests);
        Assert.Equal(("POST", "/v3/mail/send"), (request.Method, request.Path));
        Assert.Equal("Bearer SG.test-key", request.Headers["Authorization"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        var personalization = body.GetProperty("personalizations")[0];
        Assert.Equal("ana@example.com", personalization.GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("send_1", personalization.GetProperty("custom_args").GetProperty("send_id").GetString());
        Assert.True(body.GetProperty("tracking_settings").GetProperty("open_tracking").GetProperty("enable").GetBoolean());
        Assert.True(body.GetProperty("tracking_settings").GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        var headers = personalization.GetProperty("headers");
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        var link = headers.GetProperty("List-Unsubscribe").GetString()!.Trim('<', '>');
        Assert.StartsWith(PublicBase + "/api/email/unsubscribe?send=send_1&sig=", link);
        Assert.Equal("news@example.com", body.GetProperty("from").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Provider_answers_map_to_retry_with_retry_after_unknown_and_rejected_with_the_code()
    {
        await using var fake = await ProviderFake.StartAsync();
        await using var workers = await StartLiveAsync(fake);
        var email = Provider(workers, "email");

        fake.Answer = _ => (429, """{"errors":[{"message":"too many"}]}""", new() { ["Retry-After"] = "7" });
        var limited = await email.SendAsync(Message("email", "ana@example.com", "Hi", "x"), CancellationToken.None);
        Assert.Equal((ProviderResult.Retryable, TimeSpan.FromSeconds(7)), (limited.Kind, limited.RetryAfter));

        fake.Answer = _ => (502, "", []);
        Assert.Equal(ProviderResult.Unknown, (await email.SendAsync(Message("email", "ana@example.com", "Hi", "x"), CancellationToken.None)).Kind);

        fake.Answer = _ => (400, """{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}""", []);
        var rejected = await Provider(workers, "sms").SendAsync(Message("sms", "+14155550100", null, "x"), CancellationToken.None);
        Assert.Equal((ProviderResult.Rejected, "21211"), (rejected.Kind, rejected.Code));
    }

    [Fact]
    public async Task Twilio_gets_e164_numbers_the_body_and_the_status_callback_on_the_public_url()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = _ => (201, """{"sid":"SM42","status":"queued","account_sid":"AC123","to":"+14155550100"}""", []);
        await using var workers = await StartLiveAsync(fake);

        var result = await Provider(workers, "sms").SendAsync(Message("sms", "+14155550100", null, "Fresh bread today."), CancellationToken.None);

        Assert.Equal((ProviderResult.Accepted, "SM42"), (result.Kind, result.ExternalId));
        var request = Assert.Single(fake.Requests);
        Assert.Equal(("POST", "/2010-04-01/Accounts/AC123/Messages.json"), (request.Method, request.Path));
        Assert.StartsWith("Basic ", request.Headers["Authorization"]);
        var form = QueryHelpers.ParseQuery(request.Body);
        Assert.Equal("+14155550100", form["To"].ToString());
        Assert.Equal("+15005550006", form["From"].ToString());
        Assert.Equal("Fresh bread today.", form["Body"].ToString());
        Assert.Equal(PublicBase + "/api/sms/status?sendId=send_1", form["StatusCallback"].ToString());
    }

    [Fact]
    public async Task Twilio_21610_fails_the_send_with_the_code_and_revokes_sms_consent()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = _ => (400, """{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}""", []);
        await using var workers = await StartLiveAsync(fake);
        var person = await CreatePersonAsync("ana@example.com", "+14155550100");

        var response = await Client.PostAsJsonAsync("/api/sms/send", new { personId = person, body = "Fresh bread today." });
        var sendId = (await response.Content.ReadFromJsonAsync<Contracts.Sends.SendResult>())!.Id;

        await Eventually.TrueAsync(async () => (await StatusAsync(sendId)).Status == "failed", "the rejected send fails");
        await using var db = Servers.CreateDbContext();
        Assert.Equal("21610", (await db.Sends.IgnoreQueryFilters().SingleAsync(s => s.Id == sendId)).ErrorCode);
        var consent = await Client.GetFromJsonAsync<ConsentContract[]>($"/api/person/{person}/consent");
        Assert.Contains(consent!, c => c.Channel == "sms" && c.Status == "revoked");
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task One_click_unsubscribe_suppresses_on_POST_only_and_refuses_a_forged_link()
    {
        var person = await CreatePersonAsync("ana@example.com");
        var sent = await Client.PostAsJsonAsync("/api/email/send", new Contracts.Sends.EmailSendRequest(PersonId: person, Subject: "Hi", Body: "x"));
        var sendId = (await sent.Content.ReadFromJsonAsync<Contracts.Sends.SendResult>())!.Id;
        var keys = Factory.Services.GetRequiredService<ProviderKeys>();
        var link = $"/api/email/unsubscribe?send={sendId}&sig={UnsubscribeOneClick.Signature(keys, sendId)}";
        var anonymous = ClientWithKey(null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);
        await using (var db = Servers.CreateDbContext())
            Assert.Equal(0, await db.Suppressions.CountAsync());

        var forged = await anonymous.PostAsync($"/api/email/unsubscribe?send={sendId}&sig=00000000000000000000000000000000",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

        var posted = await anonymous.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await using (var db = Servers.CreateDbContext())
            Assert.Equal("ana@example.com", (await db.Suppressions.SingleAsync()).Address);
        // A different body: the same one would be answered from the keyless dedupe window.
        var again = await Client.PostAsJsonAsync("/api/email/send", new Contracts.Sends.EmailSendRequest(PersonId: person, Subject: "Hi", Body: "Another"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Each_DM_platform_gets_its_own_request_and_a_window_refusal_keeps_the_graph_code()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = r => r.Path switch
        {
            var p when p.Contains("/1065/") => (200, """{"messaging_product":"whatsapp","messages":[{"id":"wamid.A1"}]}""", []),
            var p when p.Contains("/17841400/") => (200, """{"recipient_id":"igsid-7","message_id":"mid.B2"}""", []),
            _ => (201, """{"data":{"dm_conversation_id":"1-9001","dm_event_id":"1580000000000000001"}}""", []),
        };
        await using var workers = await StartLiveAsync(fake);

        var whatsapp = await Provider(workers, "whatsapp").SendAsync(Message("whatsapp", "+14155550100", null, "Hola"), CancellationToken.None);
        var instagram = await Provider(workers, "instagram").SendAsync(Message("instagram", "igsid-7", null, "Hi there"), CancellationToken.None);
        var x = await Provider(workers, "x").SendAsync(Message("x", "9001", null, "Thanks!"), CancellationToken.None);

        Assert.Equal(("wamid.A1", "mid.B2", "1580000000000000001"), (whatsapp.ExternalId, instagram.ExternalId, x.ExternalId));
        var requests = fake.Requests.ToArray();
        Assert.Equal("/v21.0/1065/messages", requests[0].Path);
        Assert.Equal("Bearer wa-token", requests[0].Headers["Authorization"]);
        var wa = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal(("whatsapp", "14155550100", "Hola"), (wa.GetProperty("messaging_product").GetString(), wa.GetProperty("to").GetString(),
            wa.GetProperty("text").GetProperty("body").GetString()));
        Assert.Equal("/v21.0/17841400/messages", requests[1].Path);
        Assert.Equal("Bearer meta-token", requests[1].Headers["Authorization"]);
        var ig = JsonDocument.Parse(requests[1].Body).RootElement;
        Assert.Equal(("igsid-7", "Hi there"), (ig.GetProperty("recipient").GetProperty("id").GetString(), ig.GetProperty("message").GetProperty("text").GetString()));
        Assert.Equal("/2/dm_conversations/with/9001/messages", requests[2].Path);
        Assert.Equal("Bearer x-user-token", requests[2].Headers["Authorization"]);
        Assert.Equal("Thanks!", JsonDocument.Parse(requests[2].Body).RootElement.GetProperty("text").GetString());

        fake.Answer = _ => (400, """{"error":{"message":"Re-engagement message","type":"OAuthException","code":131047}}""", []);
        var outside = await Provider(workers, "whatsapp").SendAsync(Message("whatsapp", "+14155550100", null, "Hola"), CancellationToken.None);
        Assert.Equal((ProviderResult.Rejected, "131047"), (outside.Kind, outside.Code));
    }

    [Fact]
    public async Task An_envelope_that_cannot_pay_refuses_at_accept_and_a_rejected_send_is_refunded()
    {
        var person = await CreatePersonAsync("ana@example.com", "+14155550100");
        // Quiet hours would defer the send before the envelope is asked: the person lives where it is early afternoon now.
        var zone = DateTimeOffset.UtcNow.UtcDateTime.Hour is var hour && 13 - hour is var offset && offset == 0 ? "Etc/UTC"
            : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
        (await Client.PatchAsJsonAsync($"/api/person/{person}", new { timezone = zone })).EnsureSuccessStatusCode();
        var envelope = await FundEnvelopeAsync("sms", 0);
        var refused = await Client.PostAsJsonAsync("/api/sms/send", new { personId = person, body = "Fresh bread today." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("insufficient_funds", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await ReserveAsync(envelope, "sms", 5);
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = _ => (400, """{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}""", []);
        await using var workers = await StartLiveAsync(fake);
        var response = await Client.PostAsJsonAsync("/api/sms/send", new { personId = person, body = "Fresh bread, second try." });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sendId = (await response.Content.ReadFromJsonAsync<Contracts.Sends.SendResult>())!.Id;

        await Eventually.TrueAsync(async () => (await StatusAsync(sendId)).Status == "failed", "the rejected send fails");
        var status = await StatusAsync(sendId);
        Assert.Contains(status.Events, e => e.Type == "send.refunded");
        await using var db = Servers.CreateDbContext();
        Assert.Equal(5, (await db.BudgetAccounts.IgnoreQueryFilters().SingleAsync(a => a.Id == envelope)).Balance);
        Assert.Equal(2, await db.BudgetTransfers.IgnoreQueryFilters().CountAsync(t => t.Id == sendId || t.Id == "refund_" + sendId));
    }

    private static ISendProvider Provider(SendWorkerHost workers, string channel) =>
        workers.Services.GetServices<ISendProvider>().First(p => p.Handles(channel));

    private static OutgoingMessage Message(string channel, string to, string? subject, string body) =>
        new("send_1", "ws_1", channel, to, subject, body, null, null, null, null, null, 1);

    private Task<SendWorkerHost> StartLiveAsync(ProviderFake fake) => StartLiveAsync(Servers, fake);

    /// <summary>Workers in live mode with every provider pointed at <paramref name="fake"/>.</summary>
    internal static Task<SendWorkerHost> StartLiveAsync(TestServers servers, ProviderFake fake, IReadOnlyDictionary<string, string?>? more = null) =>
        SendWorkerHost.StartAsync(servers, LiveSettings(fake).Concat(more ?? new Dictionary<string, string?>()).ToDictionary());

    private static Dictionary<string, string?> LiveSettings(ProviderFake fake) => new()
    {
        ["Providers:Mode"] = "live",
        ["Webhooks:PublicBaseUrl"] = PublicBase,
        ["SendGrid:ApiKey"] = "SG.test-key",
        ["SendGrid:BaseUrl"] = fake.BaseUrl,
        ["SendGrid:FromAddress"] = "news@example.com",
        ["Twilio:AccountSid"] = "AC123",
        ["Twilio:AuthToken"] = "token",
        ["Twilio:FromNumber"] = "+15005550006",
        ["Twilio:BaseUrl"] = fake.BaseUrl,
        ["Meta:GraphBaseUrl"] = fake.BaseUrl,
        ["Meta:AccessToken"] = "meta-token",
        ["Meta:InstagramAccountId"] = "17841400",
        ["WhatsApp:AccessToken"] = "wa-token",
        ["WhatsApp:PhoneNumberId"] = "1065",
        ["X:BaseUrl"] = fake.BaseUrl,
        ["X:BearerToken"] = "x-user-token",
        // Live mode validates every provider's keys at start, the budget area's Stripe too.
        ["Stripe:SecretKey"] = "sk_test_unused",
        ["Stripe:WebhookSecret"] = "whsec_unused",
    };
}
