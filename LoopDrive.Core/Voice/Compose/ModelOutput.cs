using System.Text.Json;
using LoopDrive.Contracts.Voice;

namespace LoopDrive.Core.Voice.Compose;

/// <summary>
/// The JSON every writer answers: <c>{"primary":{subject,body,cta,ps},"variants":[…]}</c>. Parsing
/// is strict — a missing body or a wrong type is invalid, so the caller retries or falls back.
/// </summary>
public static class ModelOutput
{
    public sealed record Parsed(ComposedMessage Primary, IReadOnlyList<ComposedMessage> Variants);

    /// <summary>The schema sent as the structured-output format (strict: every field present, nulls allowed).</summary>
    public static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "primary": { "$ref": "#/$defs/message" },
            "variants": { "type": "array", "items": { "$ref": "#/$defs/message" } }
          },
          "required": ["primary", "variants"],
          "additionalProperties": false,
          "$defs": {
            "message": {
              "type": "object",
              "properties": {
                "subject": { "type": ["string", "null"] },
                "body": { "type": "string" },
                "cta": { "type": ["string", "null"] },
                "ps": { "type": ["string", "null"] }
              },
              "required": ["subject", "body", "cta", "ps"],
              "additionalProperties": false
            }
          }
        }
        """).RootElement.Clone();

    public static Parsed? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var json = text.Trim();
        // Some models wrap JSON in a fenced block despite the format; the object inside is the answer.
        if (json.StartsWith("```", StringComparison.Ordinal))
        {
            var start = json.IndexOf('{');
            var end = json.LastIndexOf('}');
            if (start < 0 || end <= start) return null;
            json = json[start..(end + 1)];
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("primary", out var primaryElement)) return null;
            var primary = Message(primaryElement);
            if (primary is null) return null;
            var variants = new List<ComposedMessage>();
            if (root.TryGetProperty("variants", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array) return null;
                foreach (var item in list.EnumerateArray())
                {
                    if (Message(item) is not { } variant) return null;
                    variants.Add(variant);
                }
            }
            return new Parsed(primary, variants);
        }
        catch (JsonException)
        {
            // Not JSON at all: the same answer as a schema failure.
            return null;
        }
    }

    private static ComposedMessage? Message(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        if (!e.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(body.GetString())) return null;
        string? Optional(string name) =>
            e.TryGetProperty(name, out var v) ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Null => null,
                _ => throw new JsonException($"{name} must be a string or null"),
            } : null;
        return new ComposedMessage(Optional("subject"), body.GetString()!, Optional("cta"), Optional("ps"));
    }

    public static string Serialize(ComposedMessage primary, IEnumerable<ComposedMessage> variants) =>
        JsonSerializer.Serialize(new { primary, variants }, Web);

    internal static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
