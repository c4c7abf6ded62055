using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// Twilio's status callback (<c>MessageSid</c>, <c>MessageStatus</c>, <c>To</c>) and inbound message
/// webhook (<c>MessageSid</c>, <c>From</c>, <c>Body</c>), as a JSON object of the form fields.
/// A <c>whatsapp:</c> address makes it the WhatsApp channel.
/// </summary>
public sealed class TwilioNormalizer : IEventNormalizer
{
    private static readonly Dictionary<string, string> Statuses = new(StringComparer.Ordinal)
    {
        ["sent"] = "sent",
        ["delivered"] = "delivered",
        ["undelivered"] = "failed",
        ["failed"] = "failed",
        ["read"] = "read",
    };

    public string Source => "twilio";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        var sid = payload.Str("MessageSid") ?? payload.Str("SmsSid");
        if (sid is null) return [];
        var body = payload.Str("Body");
        var inbound = body is not null && (payload.Str("SmsStatus") ?? payload.Str("MessageStatus")) is null or "received";
        if (inbound)
        {
            var (channel, from) = Address(payload.Str("From"));
            return [new NormalizedEvent(channel == "sms" ? "sms.replied" : "dm.replied", channel, Source, null, "twilio:" + sid,
                from is null ? [] : [(channel == "sms" ? "phone" : "whatsapp", from)],
                Json.Serialize(new { text = body, messageSid = sid }))];
        }
        if (payload.Str("MessageStatus") is not { } status || !Statuses.TryGetValue(status, out var action)) return [];
        var (ch, to) = Address(payload.Str("To"));
        return [new NormalizedEvent((ch == "sms" ? "sms." : "dm.") + action, ch, Source, null, $"twilio:{sid}:{status}",
            to is null ? [] : [(ch == "sms" ? "phone" : "whatsapp", to)],
            Json.Serialize(new { messageSid = sid, status, errorCode = payload.Str("ErrorCode") }))];
    }

    private static (string Channel, string? Number) Address(string? raw) =>
        raw is null ? ("sms", null)
        : raw.StartsWith("whatsapp:", StringComparison.Ordinal) ? ("whatsapp", raw["whatsapp:".Length..])
        : ("sms", raw);
}
