using System.Text.Json;

namespace LoopDrive.Api;

/// <summary>JSON documents travel as <see cref="JsonElement"/> over HTTP and as jsonb text in the database.</summary>
internal static class JsonText
{
    public static string? From(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } e ? e.GetRawText() : null;

    public static JsonElement? Parse(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement ParseRequired(string json) => Parse(json) ?? default;

    /// <summary>Metadata fields must be JSON objects when given.</summary>
    public static bool IsObjectOrAbsent(JsonElement? element) =>
        element is null || element.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined;
}
