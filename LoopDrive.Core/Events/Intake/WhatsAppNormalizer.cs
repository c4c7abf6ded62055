using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// The WhatsApp Cloud API webhook: <c>entry[].changes[].value</c> with <c>messages[]</c> (inbound:
/// <c>from</c>, <c>id</c>, <c>timestamp</c> in seconds, <c>text.body</c>) and <c>statuses[]</c>
/// (<c>id</c>, <c>status</c>, <c>recipient_id</c>). The WhatsApp id (<c>wa_id</c>) is the identity.
/// </summary>
public sealed class WhatsAppNormalizer : IEventNormalizer
{
    public string Source => "whatsapp";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        var events = new List<NormalizedEvent>();
        foreach (var entry in payload.Arr("entry"))
        foreach (var change in entry.Arr("changes"))
        {
            if (change.Obj("value") is not { } value) continue;
            foreach (var message in value.Arr("messages"))
            {
                var from = message.Str("from");
                var id = message.Str("id");
                events.Add(new NormalizedEvent("dm.replied", "whatsapp", Source, Json.UnixSeconds(message.Long("timestamp")),
                    id is null ? null : "whatsapp:" + id,
                    from is null ? [] : [("whatsapp", from)],
                    Json.Serialize(new { text = message.Obj("text")?.Str("body"), messageType = message.Str("type"), id })));
            }
            foreach (var status in value.Arr("statuses"))
            {
                var kind = status.Str("status");
                if (kind is not ("sent" or "delivered" or "read" or "failed")) continue;
                var id = status.Str("id");
                var recipient = status.Str("recipient_id");
                events.Add(new NormalizedEvent("dm." + kind, "whatsapp", Source, Json.UnixSeconds(status.Long("timestamp")),
                    id is null ? null : $"whatsapp:{id}:{kind}",
                    recipient is null ? [] : [("whatsapp", recipient)],
                    Json.Serialize(new { id, status = kind })));
            }
        }
        return events;
    }
}
