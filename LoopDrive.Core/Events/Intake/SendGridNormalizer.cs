using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// SendGrid's Event Webhook: a JSON array of events (<c>event</c>, <c>email</c>, <c>timestamp</c> in
/// seconds, <c>sg_event_id</c>, custom args such as <c>send_id</c>); an Inbound Parse post (as a JSON
/// object of its form fields: <c>from</c>, <c>text</c>, <c>subject</c>) is a reply.
/// </summary>
public sealed class SendGridNormalizer : IEventNormalizer
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["processed"] = "email.processed",
        ["delivered"] = "email.delivered",
        ["open"] = "email.opened",
        ["click"] = "email.clicked",
        ["bounce"] = "email.bounced",
        ["dropped"] = "email.dropped",
        ["deferred"] = "email.deferred",
        ["spamreport"] = "email.spam_reported",
        ["unsubscribe"] = "email.unsubscribed",
        ["group_unsubscribe"] = "email.unsubscribed",
    };

    public string Source => "sendgrid";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Object && payload.Str("from") is { } from && payload.Str("text") is { } text)
            return [Inbound(payload, from, text)];
        var items = payload.ValueKind == JsonValueKind.Array ? payload.EnumerateArray() : default;
        var events = new List<NormalizedEvent>();
        foreach (var item in items)
        {
            if (item.Str("event") is not { } kind || !Types.TryGetValue(kind, out var type)) continue;
            var email = item.Str("email");
            events.Add(new NormalizedEvent(
                type, "email", Source, Json.UnixSeconds(item.Long("timestamp")),
                item.Str("sg_event_id") is { } id ? "sendgrid:" + id : null,
                email is null ? [] : [("email", email)],
                Json.Serialize(new
                {
                    sendId = item.Str("send_id") ?? item.Str("sendId"),
                    messageId = item.Str("sg_message_id"),
                    url = item.Str("url"),
                    reason = item.Str("reason"),
                    status = item.Str("status"),
                }),
                item.Str("person_id") ?? item.Str("personId")));
        }
        return events;
    }

    private NormalizedEvent Inbound(JsonElement payload, string from, string text)
    {
        // "Ada <ada@example.com>" or a bare address.
        var open = from.LastIndexOf('<');
        var address = open >= 0 && from.EndsWith('>') ? from[(open + 1)..^1] : from;
        var messageId = payload.Str("message_id") ?? payload.Str("Message-Id");
        return new NormalizedEvent("email.replied", "email", Source, null,
            messageId is null ? null : "sendgrid-inbound:" + messageId,
            [("email", address.Trim())],
            Json.Serialize(new { text, subject = payload.Str("subject") }));
    }
}
