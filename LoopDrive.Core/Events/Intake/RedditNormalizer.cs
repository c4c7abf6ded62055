using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// Reddit's inbox listing (the poll's answer, or one child of it): <c>t4</c> is a private message
/// (a DM reply), <c>t1</c> a comment reply. The author's username is the identity; the fullname
/// (<c>t4_…</c>) the idempotency key.
/// </summary>
public sealed class RedditNormalizer : IEventNormalizer
{
    public string Source => "reddit";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        var children = payload.Obj("data") is { } data && data.TryGetProperty("children", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().ToList()
            : [payload];
        var events = new List<NormalizedEvent>();
        foreach (var child in children)
        {
            var kind = child.Str("kind");
            if (kind is not ("t4" or "t1") || child.Obj("data") is not { } item) continue;
            var author = item.Str("author");
            if (author is null || author == "[deleted]") continue;
            var name = item.Str("name");
            events.Add(new NormalizedEvent(kind == "t4" ? "dm.replied" : "reddit.commented", "reddit", Source,
                Json.UnixSeconds(item.Long("created_utc") ?? (long?)(item.TryGetProperty("created_utc", out var cu) && cu.ValueKind == JsonValueKind.Number ? (long)cu.GetDouble() : null)),
                name is null ? null : "reddit:" + name,
                [("reddit", author)],
                Json.Serialize(new { text = item.Str("body"), subject = item.Str("subject"), name })));
        }
        return events;
    }
}
