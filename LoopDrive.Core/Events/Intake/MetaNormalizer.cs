using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// Meta's Messenger-platform webhook for Instagram (<c>object: "instagram"</c>) and Facebook pages
/// (<c>object: "page"</c>): <c>entry[].messaging[]</c> with a <c>message</c> (inbound DM),
/// <c>read</c> or <c>delivery</c>; the sender's scoped id is the identity. Echoes of our own
/// messages are skipped.
/// </summary>
public sealed class MetaNormalizer : IEventNormalizer
{
    public string Source => "meta";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        var channel = payload.Str("object") switch
        {
            "instagram" => "instagram",
            "page" => "facebook",
            _ => null,
        };
        if (channel is null) return [];
        var events = new List<NormalizedEvent>();
        foreach (var entry in payload.Arr("entry"))
        foreach (var m in entry.Arr("messaging"))
        {
            var sender = m.Obj("sender")?.Str("id");
            var recipient = m.Obj("recipient")?.Str("id");
            var ts = Json.UnixMilliseconds(m.Long("timestamp"));
            if (m.Obj("message") is { } message)
            {
                if (message.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True) continue;
                var mid = message.Str("mid");
                events.Add(new NormalizedEvent("dm.replied", channel, Source, ts, mid is null ? null : "meta:" + mid,
                    sender is null ? [] : [(channel, sender)], Json.Serialize(new { text = message.Str("text"), mid })));
            }
            else if (m.Obj("read") is { } read)
            {
                var mid = read.Str("mid");
                events.Add(new NormalizedEvent("dm.read", channel, Source, ts, mid is null ? null : "meta-read:" + mid,
                    sender is null ? [] : [(channel, sender)], Json.Serialize(new { mid, pageId = recipient })));
            }
            else if (m.Obj("delivery") is { } delivery)
            {
                var mids = delivery.Arr("mids").Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList();
                events.Add(new NormalizedEvent("dm.delivered", channel, Source, ts, mids.Count == 0 ? null : "meta-delivery:" + mids[0],
                    sender is null ? [] : [(channel, sender)], Json.Serialize(new { mids })));
            }
        }
        return events;
    }
}
