using System.Collections.Specialized;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Sends.Webhooks;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ConsentContract = LoopDrive.Contracts.People.Consent;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// The inbound webhook routes: each provider's signature accepted when genuine and refused (401,
/// nothing stored) when forged, stale or altered; a replay is acknowledged and stores nothing new.
/// Signatures are cross-checked with the providers' own SDK validators.
/// </summary>
public sealed class WebhookTests(TestServers servers) : SendsTest(servers)
{
    /// <summary>The API believes it sits behind a proxy at this address, as Twilio would have called it.</summary>
    private const string PublicBase = "https://hooks.example.test";

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Webhooks:PublicBaseUrl"] = PublicBase };

    private ProviderKeys Keys => Factory.Services.GetRequiredService<ProviderKeys>();

    private HttpClient Anonymous => ClientWithKey(null);

    [Fact]
    public async Task A_genuine_SendGrid_batch_is_accepted_once_and_a_replay_stores_nothing_new()
    {
        var sendId = await QueuedEmailAsync("ana@example.com");
        var body = SendGridBatch(sendId, "ev-1", "delivered");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = WebhookSignatures.SignSendGrid(Keys.SandboxSendGridKey!, timestamp, Encoding.UTF8.GetBytes(body));

        // SendGrid's own validator agrees with the signature the sandbox makes.
        var validator = new SendGrid.Helpers.EventWebhook.RequestValidator();
        var publicKey = validator.ConvertPublicKeyToECDSA(Convert.ToBase64String(Keys.SendGridPublicKey!.ExportSubjectPublicKeyInfo()));
        Assert.True(validator.VerifySignature(publicKey, body, signature, timestamp));

        var first = await PostSendGridAsync(body, signature, timestamp);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<WebhookAck>())!.Accepted);
        var replay = await PostSendGridAsync(body, signature, timestamp);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var ack = (await replay.Content.ReadFromJsonAsync<WebhookAck>())!;
        Assert.Equal((0, 1), (ack.Accepted, ack.Duplicates));
        Assert.Equal((1, 1), await StoredAsync());
    }

    [Fact]
    public async Task SendGrid_events_forged_stale_or_altered_are_refused_and_nothing_is_stored()
    {
        var sendId = await QueuedEmailAsync("ana@example.com");
        var body = SendGridBatch(sendId, "ev-2", "open");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var fresh = now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forged = WebhookSignatures.SignSendGrid(stranger, fresh, Encoding.UTF8.GetBytes(body));
        await AssertRefusedAsync(await PostSendGridAsync(body, forged, fresh));

        var old = (now - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stale = WebhookSignatures.SignSendGrid(Keys.SandboxSendGridKey!, old, Encoding.UTF8.GetBytes(body));
        await AssertRefusedAsync(await PostSendGridAsync(body, stale, old));

        var genuine = WebhookSignatures.SignSendGrid(Keys.SandboxSendGridKey!, fresh, Encoding.UTF8.GetBytes(body));
        await AssertRefusedAsync(await PostSendGridAsync(body.Replace("\"open\"", "\"click\""), genuine, fresh));
        // The signature covers the timestamp too: a genuine signature moved to another time fails.
        await AssertRefusedAsync(await PostSendGridAsync(body, genuine, (now - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal((0, 0), await StoredAsync());
    }

    [Fact]
    public async Task Twilio_signs_the_public_url_behind_the_proxy_and_a_forged_or_altered_callback_is_refused()
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM0001", ["MessageStatus"] = "delivered", ["To"] = "+14155550100", ["From"] = "+14155550199" };
        await QueuedSmsAsync("+14155550100");
        var url = PublicBase + "/api/sms/status";
        var signature = WebhookSignatures.Twilio(Keys.TwilioAuthToken!, url, form);
        var parameters = new NameValueCollection();
        foreach (var (name, value) in form) parameters.Add(name, value);
        Assert.True(new Twilio.Security.RequestValidator(Keys.TwilioAuthToken!).Validate(url, parameters, signature));

        await AssertRefusedAsync(await PostTwilioAsync("/api/sms/status", form, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        await AssertRefusedAsync(await PostTwilioAsync("/api/sms/status", new Dictionary<string, string>(form) { ["MessageStatus"] = "failed" }, signature));
        // Signed for the host the API sees rather than the public one: what a proxy-unaware check would accept.
        await AssertRefusedAsync(await PostTwilioAsync("/api/sms/status", form, WebhookSignatures.Twilio(Keys.TwilioAuthToken!, "http://localhost/api/sms/status", form)));
        Assert.Equal((0, 0), await StoredAsync());

        var accepted = await PostTwilioAsync("/api/sms/status", form, signature);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, (await accepted.Content.ReadFromJsonAsync<WebhookAck>())!.Accepted);
        Assert.Equal((1, 1), await StoredAsync());
    }

    [Fact]
    public async Task STOP_by_text_through_the_twilio_inbound_route_revokes_sms_consent()
    {
        await using var workers = await SendWorkerHost.StartAsync(Servers, intake: true);
        var person = await CreatePersonAsync("ana@example.com", "+14155550100");
        (await Client.PostAsJsonAsync("/api/sms/send", new { personId = person, body = "Fresh bread today." })).EnsureSuccessStatusCode();

        var form = new Dictionary<string, string> { ["MessageSid"] = "SM0STOP", ["From"] = "+14155550100", ["To"] = "+14155550199", ["Body"] = "STOP" };
        var response = await PostTwilioAsync("/api/sms/inbound", form, WebhookSignatures.Twilio(Keys.TwilioAuthToken!, PublicBase + "/api/sms/inbound", form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(async () =>
        {
            var consent = await Client.GetFromJsonAsync<ConsentContract[]>($"/api/person/{person}/consent");
            return consent!.Any(c => c.Channel == "sms" && c.Status == "revoked");
        }, "SMS consent is revoked");
        await using var db = Servers.CreateDbContext();
        Assert.True(await db.Sends.IgnoreQueryFilters().AnyAsync(s => s.PersonId == person && s.Purpose == "confirmation"));
        Assert.True(await db.Events.IgnoreQueryFilters().AnyAsync(e => e.PersonId == person && e.Type == "sms.replied"));
    }

    [Fact]
    public async Task Meta_answers_the_subscription_handshake_and_verifies_the_body_signature()
    {
        var challenge = await Anonymous.GetAsync($"/api/social/instagram/inbound?hub.mode=subscribe&hub.verify_token={Keys.MetaVerifyToken}&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal("1158201444", await challenge.Content.ReadAsStringAsync());
        var wrong = await Anonymous.GetAsync("/api/social/instagram/inbound?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

        await QueuedEmailAsync("ana@example.com");
        var body = """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[{"id":"wamid.1","status":"delivered","timestamp":"1700000000","recipient_id":"14155550100"}]}}]}]}""";
        var forged = await PostSignedAsync("/api/social/whatsapp/inbound", body, "X-Hub-Signature-256", WebhookSignatures.Meta("not-the-secret", Encoding.UTF8.GetBytes(body)));
        await AssertRefusedAsync(forged);
        var altered = await PostSignedAsync("/api/social/whatsapp/inbound", body.Replace("delivered", "read"), "X-Hub-Signature-256",
            WebhookSignatures.Meta(Keys.MetaAppSecret!, Encoding.UTF8.GetBytes(body)));
        await AssertRefusedAsync(altered);
        // Independent of our helper: Meta's scheme is sha256= and the lower-case hex HMAC of the raw body.
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Keys.MetaAppSecret!), Encoding.UTF8.GetBytes(body)));
        // No send points at this message and no fallback workspace is configured: acknowledged, nothing stored.
        var genuine = await PostSignedAsync("/api/social/whatsapp/inbound", body, "X-Hub-Signature-256", expected);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal((0, 0), await StoredAsync());
    }

    [Fact]
    public async Task X_answers_the_crc_check_and_verifies_the_body_signature()
    {
        var crc = await Anonymous.GetFromJsonAsync<JsonElement>("/api/social/x/inbound?crc_token=abc123");
        var expected = "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Keys.XConsumerSecret!), "abc123"u8));
        Assert.Equal(expected, crc.GetProperty("response_token").GetString());

        var person = await CreatePersonAsync("ana@example.com");
        await using (var db = Servers.CreateDbContext())
        {
            db.Identities.Add(new Core.People.Identity { Id = "idn_x1", WorkspaceId = WorkspaceId, PersonId = person, Type = "x", Value = "9001", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        (await Client.PostAsJsonAsync("/api/person/" + person + "/consent", new Contracts.People.ConsentUpdate("x", "marketing", "granted", "form"))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync("/api/social/x/dm", new { personId = person, platform = "x", body = "Hello" })).EnsureSuccessStatusCode();

        var body = """{"for_user_id":"1","direct_message_events":[{"type":"message_create","id":"dm1","created_timestamp":"1700000000000","message_create":{"sender_id":"9001","message_data":{"text":"thanks!"}}}]}""";
        await AssertRefusedAsync(await PostSignedAsync("/api/social/x/inbound", body, "x-twitter-webhooks-signature",
            WebhookSignatures.X("wrong", Encoding.UTF8.GetBytes(body))));
        var genuine = await PostSignedAsync("/api/social/x/inbound", body, "x-twitter-webhooks-signature",
            WebhookSignatures.X(Keys.XConsumerSecret!, Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal((1, 1), await StoredAsync());
    }

    private async Task<string> QueuedEmailAsync(string email)
    {
        var person = await CreatePersonAsync(email);
        var response = await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Subject: "Hi", Body: "Fresh bread."));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }

    private async Task QueuedSmsAsync(string phone)
    {
        var person = await CreatePersonAsync("sms@example.com", phone);
        (await Client.PostAsJsonAsync("/api/sms/send", new { personId = person, body = "Fresh bread." })).EnsureSuccessStatusCode();
    }

    private static string SendGridBatch(string sendId, string eventId, string kind) =>
        $$"""[{"email":"ana@example.com","timestamp":1700000000,"event":"{{kind}}","sg_event_id":"{{eventId}}","sg_message_id":"m1.filter","send_id":"{{sendId}}"}]""";

    private Task<HttpResponseMessage> PostSendGridAsync(string body, string signature, string timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/email/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        return Anonymous.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostTwilioAsync(string path, IReadOnlyDictionary<string, string> form, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return Anonymous.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostSignedAsync(string path, string body, string header, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(header, signature);
        return Anonymous.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_signature", problem.GetProperty("code").GetString());
    }

    /// <summary>Provider receipts and payloads queued for intake.</summary>
    private async Task<(int Receipts, int Queued)> StoredAsync()
    {
        await using var db = Servers.CreateDbContext();
        return (await db.ProviderReceipts.CountAsync(),
            await db.OutboxMessages.CountAsync(m => m.Stream == Contracts.Spine.StreamNames.IntakeNormalize));
    }
}
