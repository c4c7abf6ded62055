using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// The plain API / import shape: an EventIngest-like object, or an array of them, that may name
/// the person by <c>personId</c> or by <c>email</c> / <c>phone</c> to resolve.
/// </summary>
public sealed class ApiNormalizer : IEventNormalizer
{
    public string Source => "api";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        var items = payload.ValueKind == JsonValueKind.Array ? payload.EnumerateArray().ToList() : [payload];
        var events = new List<NormalizedEvent>();
        foreach (var item in items)
        {
            if (item.Str("type") is not { } type || !EventRules.IsValidType(type)) continue;
            var identities = new List<(string, string)>();
            if (item.Str("email") is { } email) identities.Add(("email", email));
            if (item.Str("phone") is { } phone) identities.Add(("phone", phone));
            var body = item.Obj("payload")?.GetRawText();
            if (body is null && item.Str("text") is { } text) body = Json.Serialize(new { text });
            DateTimeOffset? ts = item.Str("ts") is { } raw && DateTimeOffset.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
            var metadata = item.Obj("metadata");
            events.Add(new NormalizedEvent(type, item.Str("channel"), item.Str("source") ?? Source, ts,
                metadata?.Str("idempotencyKey") ?? item.Str("idempotencyKey"),
                identities, body ?? "{}", item.Str("personId"), metadata?.GetRawText()));
        }
        return events;
    }
}
