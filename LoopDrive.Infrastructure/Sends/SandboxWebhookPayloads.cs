using System.Globalization;
using System.Text.Json;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Sends.Webhooks;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>A webhook as the real provider would send it: the route, the exact bytes and the signature headers.</summary>
public sealed record SandboxWebhook(string Path, byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>
/// Turns an owed reaction into the provider's own webhook for the channel — SendGrid's event batch,
/// Twilio's status callback or inbound message form, the WhatsApp Cloud and Instagram messaging
/// payloads, X's direct message event — signed with the sandbox's keys. Null when the provider
/// sends no webhook for that reaction (an SMS has no "open").
/// </summary>
public static class SandboxWebhookPayloads
{
    public static SandboxWebhook? Build(PendingSandboxWebhook row, ProviderKeys keys, string signingBaseUrl, string fromNumber, DateTimeOffset now) =>
        row.Channel switch
        {
            SendChannels.Email => SendGrid(row, keys, now),
            SendChannels.Sms => Twilio(row, keys, signingBaseUrl, fromNumber),
            "whatsapp" => WhatsApp(row, keys, now),
            "instagram" => Instagram(row, keys, now),
            "x" => X(row, keys, now),
            _ => null,
        };

    private static SandboxWebhook? SendGrid(PendingSandboxWebhook row, ProviderKeys keys, DateTimeOffset now)
    {
        if (row.Kind != SandboxReactions.Reply) return SendGridEvents([(row, null)], keys, now);
        if (keys.SandboxSendGridKey is null) return null;
        // Inbound Parse: one post per received email.
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["from"] = row.Recipient, ["text"] = row.ReplyText, ["subject"] = "Re:", ["message_id"] = $"<sbx{row.Id}@sandbox>",
        });
        return SignedSendGrid(body, keys, now);
    }

    /// <summary>Whether the reaction is one of SendGrid's event webhook events (which it posts many to a request), not an inbound email.</summary>
    public static bool IsSendGridEvent(PendingSandboxWebhook row) => row.Channel == SendChannels.Email && EmailEvent(row.Kind) is not null;

    /// <summary>
    /// SendGrid's event webhook as SendGrid sends it: a JSON array of events, many messages per
    /// request, each carrying the custom args the message was sent with (<c>send_id</c>, <c>person_id</c>).
    /// </summary>
    public static SandboxWebhook? SendGridEvents(IReadOnlyList<(PendingSandboxWebhook Row, string? PersonId)> rows, ProviderKeys keys, DateTimeOffset now)
    {
        if (keys.SandboxSendGridKey is null) return null;
        var ts = now.ToUnixTimeSeconds();
        var events = new List<Dictionary<string, object?>>(rows.Count);
        foreach (var (row, personId) in rows)
        {
            if (EmailEvent(row.Kind) is not { } kind) continue;
            var bounce = kind == "bounce";
            events.Add(new Dictionary<string, object?>
            {
                ["email"] = row.Recipient, ["timestamp"] = ts, ["event"] = kind, ["sg_event_id"] = $"sbx{row.Id}",
                ["sg_message_id"] = row.ExternalId + ".sandbox", ["send_id"] = row.SendId, ["person_id"] = personId, ["url"] = row.Url,
                ["type"] = bounce ? "bounce" : null, ["status"] = bounce ? "5.1.1" : null,
                ["reason"] = bounce ? "550 5.1.1 The email account does not exist." : null,
            });
        }
        return events.Count == 0 ? null : SignedSendGrid(JsonSerializer.SerializeToUtf8Bytes(events), keys, now);
    }

    private static SandboxWebhook SignedSendGrid(byte[] body, ProviderKeys keys, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new("/api/email/events", body, "application/json",
        [
            new("X-Twilio-Email-Event-Webhook-Signature", WebhookSignatures.SignSendGrid(keys.SandboxSendGridKey!, timestamp, body)),
            new("X-Twilio-Email-Event-Webhook-Timestamp", timestamp),
        ]);
    }

    private static string? EmailEvent(string kind) => kind switch
    {
        SandboxReactions.Delivered => "delivered",
        SandboxReactions.Open => "open",
        SandboxReactions.Click => "click",
        SandboxReactions.Bounce => "bounce",
        SandboxReactions.Complaint => "spamreport",
        SandboxReactions.Unsubscribe or SandboxReactions.Stop => "unsubscribe",
        _ => null,
    };

    private static SandboxWebhook? Twilio(PendingSandboxWebhook row, ProviderKeys keys, string signingBaseUrl, string fromNumber)
    {
        Dictionary<string, string> form;
        string path;
        switch (row.Kind)
        {
            case SandboxReactions.Delivered or SandboxReactions.Bounce:
                path = "/api/sms/status";
                form = new(StringComparer.Ordinal)
                {
                    ["AccountSid"] = "ACsandbox", ["MessageSid"] = row.ExternalId, ["SmsSid"] = row.ExternalId, ["From"] = fromNumber, ["To"] = row.Recipient,
                    ["MessageStatus"] = row.Kind == SandboxReactions.Delivered ? "delivered" : "undelivered",
                    ["SmsStatus"] = row.Kind == SandboxReactions.Delivered ? "delivered" : "undelivered",
                };
                if (row.Kind == SandboxReactions.Bounce) form["ErrorCode"] = "30003";
                break;
            case SandboxReactions.Reply or SandboxReactions.Stop:
                path = "/api/sms/inbound";
                form = new(StringComparer.Ordinal)
                {
                    ["AccountSid"] = "ACsandbox", ["MessageSid"] = $"SMsbx{row.Id}", ["SmsSid"] = $"SMsbx{row.Id}", ["From"] = row.Recipient, ["To"] = fromNumber,
                    ["Body"] = row.ReplyText ?? "STOP", ["SmsStatus"] = "received", ["NumMedia"] = "0",
                };
                break;
            default:
                return null;
        }
        if (keys.TwilioAuthToken is null) return null;
        var signature = WebhookSignatures.Twilio(keys.TwilioAuthToken, signingBaseUrl.TrimEnd('/') + path, form);
        using var content = new FormUrlEncodedContent(form);
        var body = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return new(path, body, "application/x-www-form-urlencoded", [new("X-Twilio-Signature", signature)]);
    }

    private static SandboxWebhook? WhatsApp(PendingSandboxWebhook row, ProviderKeys keys, DateTimeOffset now)
    {
        var waId = row.Recipient.TrimStart('+');
        var ts = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        object? value = row.Kind switch
        {
            SandboxReactions.Delivered or SandboxReactions.Open or SandboxReactions.Bounce => new
            {
                messaging_product = "whatsapp",
                statuses = new[]
                {
                    new { id = row.ExternalId, status = row.Kind switch { SandboxReactions.Delivered => "delivered", SandboxReactions.Open => "read", _ => "failed" }, timestamp = ts, recipient_id = waId },
                },
            },
            SandboxReactions.Reply or SandboxReactions.Stop => new
            {
                messaging_product = "whatsapp",
                messages = new[] { new { from = waId, id = $"wamid.sbx{row.Id}", timestamp = ts, type = "text", text = new { body = row.ReplyText ?? "STOP" } } },
            },
            _ => null,
        };
        if (value is null) return null;
        var payload = new { @object = "whatsapp_business_account", entry = new[] { new { id = "sandbox", changes = new[] { new { field = "messages", value } } } } };
        return Meta("/api/social/whatsapp/inbound", payload, keys);
    }

    private static SandboxWebhook? Instagram(PendingSandboxWebhook row, ProviderKeys keys, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var sender = new { id = row.Recipient };
        var page = new { id = "sandbox" };
        object? messaging = row.Kind switch
        {
            SandboxReactions.Delivered => new { sender, recipient = page, timestamp = ms, delivery = new { mids = new[] { row.ExternalId }, watermark = ms } },
            SandboxReactions.Open => new { sender, recipient = page, timestamp = ms, read = new { mid = row.ExternalId, watermark = ms } },
            SandboxReactions.Reply or SandboxReactions.Stop => new { sender, recipient = page, timestamp = ms, message = new { mid = $"sbx{row.Id}", text = row.ReplyText ?? "STOP" } },
            _ => null,
        };
        if (messaging is null) return null;
        return Meta("/api/social/instagram/inbound", new { @object = "instagram", entry = new[] { new { id = "sandbox", time = ms, messaging = new[] { messaging } } } }, keys);
    }

    private static SandboxWebhook? Meta(string path, object payload, ProviderKeys keys)
    {
        if (keys.MetaAppSecret is null) return null;
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        return new(path, body, "application/json", [new("X-Hub-Signature-256", WebhookSignatures.Meta(keys.MetaAppSecret, body))]);
    }

    private static SandboxWebhook? X(PendingSandboxWebhook row, ProviderKeys keys, DateTimeOffset now)
    {
        if (row.Kind is not (SandboxReactions.Reply or SandboxReactions.Stop) || keys.XConsumerSecret is null) return null;
        var payload = new
        {
            for_user_id = "sandbox",
            direct_message_events = new[]
            {
                new
                {
                    type = "message_create", id = $"sbx{row.Id}",
                    created_timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    message_create = new { sender_id = row.Recipient, message_data = new { text = row.ReplyText ?? "STOP" } },
                },
            },
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        return new("/api/social/x/inbound", body, "application/json",
            [new("x-twitter-webhooks-signature", WebhookSignatures.X(keys.XConsumerSecret, body))]);
    }
}
