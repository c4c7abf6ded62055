using System.Text.Json;
using LoopDrive.Core.Events.Intake;

namespace LoopDrive.Core.Tests.Events;

/// <summary>Each normalizer on a payload shaped like the provider's documented webhook body.</summary>
public sealed class NormalizerTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static JsonElement Payload(NormalizedEvent e) => Parse(e.Payload);

    [Fact]
    public void SendGrid_event_webhook_maps_each_known_event_and_keys_on_sg_event_id()
    {
        var events = new SendGridNormalizer().Normalize(Parse("""
            [
              {"email":"ada@example.com","timestamp":1767225600,"event":"delivered","sg_event_id":"ev-1","sg_message_id":"m1","send_id":"send_9"},
              {"email":"ada@example.com","timestamp":1767225660,"event":"open","sg_event_id":"ev-2","sg_message_id":"m1"},
              {"email":"ada@example.com","timestamp":1767225720,"event":"click","sg_event_id":"ev-3","url":"https://example.com/p"},
              {"email":"bob@example.com","timestamp":1767225780,"event":"bounce","sg_event_id":"ev-4","reason":"550 unknown user"},
              {"email":"bob@example.com","timestamp":1767225780,"event":"mystery","sg_event_id":"ev-5"}
            ]
            """));

        Assert.Equal(["email.delivered", "email.opened", "email.clicked", "email.bounced"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("email", e.Channel));
        Assert.Equal("sendgrid:ev-1", events[0].IdempotencyKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), events[0].Ts);
        Assert.Equal(("email", "ada@example.com"), Assert.Single(events[0].Identities));
        Assert.Equal("send_9", Payload(events[0]).GetProperty("sendId").GetString());
        Assert.Equal("https://example.com/p", Payload(events[2]).GetProperty("url").GetString());
    }

    [Fact]
    public void SendGrid_inbound_parse_is_a_reply_from_the_sender()
    {
        var e = Assert.Single(new SendGridNormalizer().Normalize(Parse("""
            {"from":"Ada Lovelace <ada@example.com>","to":"sales@brand.example","subject":"Re: hello","text":"What does the pro plan cost?"}
            """)));

        Assert.Equal("email.replied", e.Type);
        Assert.Equal(("email", "ada@example.com"), Assert.Single(e.Identities));
        Assert.Equal("What does the pro plan cost?", Payload(e).GetProperty("text").GetString());
    }

    [Fact]
    public void Twilio_status_callback_and_inbound_sms()
    {
        var twilio = new TwilioNormalizer();
        var status = Assert.Single(twilio.Normalize(Parse("""
            {"AccountSid":"AC1","MessageSid":"SM1","MessageStatus":"delivered","To":"+15551234567","From":"+15557654321"}
            """)));
        var failed = Assert.Single(twilio.Normalize(Parse("""{"MessageSid":"SM2","MessageStatus":"undelivered","To":"+15551234567","ErrorCode":"30003"}""")));
        var inbound = Assert.Single(twilio.Normalize(Parse("""
            {"MessageSid":"SM3","SmsStatus":"received","From":"+15551234567","To":"+15557654321","Body":"STOP"}
            """)));
        var whatsapp = Assert.Single(twilio.Normalize(Parse("""{"MessageSid":"SM4","From":"whatsapp:+15551234567","Body":"hi"}""")));

        Assert.Equal(("sms.delivered", "twilio:SM1:delivered"), (status.Type, status.IdempotencyKey));
        Assert.Equal(("phone", "+15551234567"), Assert.Single(status.Identities));
        Assert.Equal("sms.failed", failed.Type);
        Assert.Equal(("sms.replied", "sms"), (inbound.Type, inbound.Channel));
        Assert.Equal("STOP", Payload(inbound).GetProperty("text").GetString());
        Assert.Equal(("dm.replied", "whatsapp"), (whatsapp.Type, whatsapp.Channel));
        Assert.Equal(("whatsapp", "+15551234567"), Assert.Single(whatsapp.Identities));
    }

    [Fact]
    public void Meta_instagram_messages_reads_and_deliveries_skipping_echoes()
    {
        var events = new MetaNormalizer().Normalize(Parse("""
            {"object":"instagram","entry":[{"id":"17841","time":1767225600000,"messaging":[
              {"sender":{"id":"IGSID1"},"recipient":{"id":"17841"},"timestamp":1767225600000,"message":{"mid":"mid.1","text":"Do you ship to Canada?"}},
              {"sender":{"id":"17841"},"recipient":{"id":"IGSID1"},"timestamp":1767225601000,"message":{"mid":"mid.2","text":"Yes!","is_echo":true}},
              {"sender":{"id":"IGSID1"},"recipient":{"id":"17841"},"timestamp":1767225602000,"read":{"mid":"mid.2"}}
            ]}]}
            """));

        Assert.Equal(["dm.replied", "dm.read"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("instagram", e.Channel));
        Assert.Equal(("instagram", "IGSID1"), Assert.Single(events[0].Identities));
        Assert.Equal("meta:mid.1", events[0].IdempotencyKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600000), events[0].Ts);
        Assert.Equal("facebook", Assert.Single(new MetaNormalizer().Normalize(Parse("""
            {"object":"page","entry":[{"messaging":[{"sender":{"id":"PSID"},"timestamp":1,"delivery":{"mids":["m.9"]}}]}]}
            """))).Channel);
    }

    [Fact]
    public void WhatsApp_cloud_api_messages_and_statuses()
    {
        var events = new WhatsAppNormalizer().Normalize(Parse("""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"phone_number_id":"PN"},
              "contacts":[{"wa_id":"15551234567","profile":{"name":"Ada"}}],
              "messages":[{"from":"15551234567","id":"wamid.A","timestamp":"1767225600","type":"text","text":{"body":"I'd like a demo"}}],
              "statuses":[{"id":"wamid.B","status":"read","timestamp":"1767225700","recipient_id":"15551234567"}]}}]}]}
            """));

        Assert.Equal(["dm.replied", "dm.read"], events.Select(e => e.Type));
        Assert.Equal(("whatsapp", "15551234567"), Assert.Single(events[0].Identities));
        Assert.Equal("I'd like a demo", Payload(events[0]).GetProperty("text").GetString());
        Assert.Equal("whatsapp:wamid.B:read", events[1].IdempotencyKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), events[0].Ts);
    }

    [Fact]
    public void X_account_activity_direct_messages_from_others_only()
    {
        var events = new XNormalizer().Normalize(Parse("""
            {"for_user_id":"100","direct_message_events":[
              {"type":"message_create","id":"dm1","created_timestamp":"1767225600000","message_create":{"target":{"recipient_id":"100"},"sender_id":"200","message_data":{"text":"price?"}}},
              {"type":"message_create","id":"dm2","created_timestamp":"1767225601000","message_create":{"target":{"recipient_id":"200"},"sender_id":"100","message_data":{"text":"our reply"}}}
            ]}
            """));

        var e = Assert.Single(events);
        Assert.Equal(("dm.replied", "x", "x:dm1"), (e.Type, e.Channel, e.IdempotencyKey));
        Assert.Equal(("x", "200"), Assert.Single(e.Identities));
    }

    [Fact]
    public void Reddit_inbox_listing_private_messages_and_comment_replies()
    {
        var events = new RedditNormalizer().Normalize(Parse("""
            {"kind":"Listing","data":{"children":[
              {"kind":"t4","data":{"id":"abc","name":"t4_abc","author":"someone","body":"Is there a free tier?","subject":"question","created_utc":1767225600.0}},
              {"kind":"t1","data":{"id":"def","name":"t1_def","author":"other","body":"Nice post","created_utc":1767225700.0}},
              {"kind":"t4","data":{"id":"x","name":"t4_x","author":"[deleted]","body":"gone"}}
            ]}}
            """));

        Assert.Equal(["dm.replied", "reddit.commented"], events.Select(e => e.Type));
        Assert.Equal(("reddit", "someone"), Assert.Single(events[0].Identities));
        Assert.Equal("reddit:t4_abc", events[0].IdempotencyKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), events[0].Ts);
    }

    [Fact]
    public void Stripe_checkout_is_a_purchase_with_amount_and_identities()
    {
        var e = Assert.Single(new StripeNormalizer().Normalize(Parse("""
            {"id":"evt_1","object":"event","type":"checkout.session.completed","created":1767225600,
             "data":{"object":{"id":"cs_1","amount_total":4900,"currency":"eur","customer":"cus_1",
               "customer_details":{"email":"ada@example.com"},"metadata":{"personId":"per_x"}}}}
            """)));

        Assert.Equal(("conversion.purchase", "stripe:evt_1", "per_x"), (e.Type, e.IdempotencyKey, e.PersonId));
        Assert.Equal([("stripe", "cus_1"), ("email", "ada@example.com")], e.Identities);
        Assert.Equal(4900, Payload(e).GetProperty("amount").GetInt64());
        Assert.Equal("eur", Payload(e).GetProperty("currency").GetString());
        Assert.Empty(new StripeNormalizer().Normalize(Parse("""{"id":"evt_2","type":"customer.created","data":{"object":{}}}""")));
    }

    [Fact]
    public void Plain_api_items_name_people_by_id_or_identity()
    {
        var events = new ApiNormalizer().Normalize(Parse("""
            [{"type":"note.added","email":"ada@example.com","text":"Met at the expo, wants pricing","ts":"2026-01-01T00:00:00Z"},
             {"type":"Bad Type"},
             {"type":"email.replied","personId":"per_1","channel":"email","payload":{"text":"ok"},"metadata":{"idempotencyKey":"k1"}}]
            """));

        Assert.Equal(2, events.Count);
        Assert.Equal(("email", "ada@example.com"), Assert.Single(events[0].Identities));
        Assert.Equal("Met at the expo, wants pricing", Payload(events[0]).GetProperty("text").GetString());
        Assert.Equal(("per_1", "k1"), (events[1].PersonId, events[1].IdempotencyKey));
    }
}
