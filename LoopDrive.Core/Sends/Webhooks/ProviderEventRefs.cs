using System.Text.Json;

namespace LoopDrive.Core.Sends.Webhooks;

/// <summary>
/// What in a normalized provider event points at one of our sends: our send id (SendGrid custom
/// args) or the provider's message id (Twilio MessageSid, WhatsApp/Meta message id).
/// </summary>
public readonly record struct ProviderEventRefs(string? SendId, string? ExternalId, string? Text)
{
    public static ProviderEventRefs Of(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return default;
            var external = Str(root, "messageSid") ?? Str(root, "id") ?? Str(root, "mid")
                ?? (root.TryGetProperty("mids", out var mids) && mids.ValueKind == JsonValueKind.Array && mids.GetArrayLength() > 0
                    ? mids[0].GetString() : null)
                ?? Str(root, "messageId");
            return new ProviderEventRefs(Str(root, "sendId"), external, Str(root, "text"));
        }
        catch (JsonException)
        {
            // A payload that is not a JSON object names no send.
            return default;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
