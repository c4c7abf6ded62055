using System.Text.Json;

namespace LoopDrive.Core.Events;

/// <summary>
/// Which events carry a person's own words (replies, inbound messages, imported notes): those go to
/// <c>intake.embed</c> for classification and memory. Outbound and engagement events never do.
/// </summary>
public static class EventText
{
    private static readonly string[] TextFields = ["text", "body", "message", "content", "note", "comment"];

    private static readonly HashSet<string> InboundActions = new(StringComparer.Ordinal)
    {
        "replied", "received", "inbound", "note", "commented", "mentioned", "message",
    };

    public const int MaxClassifiedLength = 4000;

    public static string? Extract(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        return Extract(document.RootElement);
    }

    public static string? Extract(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return null;
        foreach (var field in TextFields)
        {
            if (payload.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text))
                return text.Length > MaxClassifiedLength ? text[..MaxClassifiedLength] : text;
        }
        return null;
    }

    public static bool IsInbound(string type)
    {
        // Notes (from imports or the CRM) are the person's context in someone's words, so they count too.
        var last = type[(type.LastIndexOf('.') + 1)..];
        return InboundActions.Contains(last) || type.StartsWith("note.", StringComparison.Ordinal);
    }

    public static bool IsTextBearing(string type, string payloadJson) => IsInbound(type) && Extract(payloadJson) is not null;
}
