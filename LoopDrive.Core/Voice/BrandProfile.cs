using System.Text.Json;

namespace LoopDrive.Core.Voice;

/// <summary>An immutable view of a brand for the hot paths (guardrails, compose), with lower-cased lists and parsed disclaimers.</summary>
public sealed record BrandProfile(
    string Id,
    string Name,
    string Tone,
    string? Audience,
    IReadOnlyList<string> PreferredVocabulary,
    IReadOnlyList<string> AvoidVocabulary,
    IReadOnlyList<string> BannedPhrases,
    IReadOnlyList<string> Competitors,
    IReadOnlyDictionary<string, string> RequiredDisclaimers,
    IReadOnlyList<string> AllowedLinkDomains,
    IReadOnlyList<string> Exemplars)
{
    public static BrandProfile From(Brand brand) => new(
        brand.Id, brand.Name, brand.Tone, brand.Audience,
        brand.PreferredVocabulary, brand.AvoidVocabulary, brand.BannedPhrases, brand.Competitors,
        ParseDisclaimers(brand.RequiredDisclaimers), [.. brand.AllowedLinkDomains.Select(d => d.Trim().ToLowerInvariant())], brand.Exemplars);

    /// <summary>A brand with no rules: what guardrails use when none is named and none exists.</summary>
    public static BrandProfile Neutral(string id) => new(id, "Brand", "friendly", null, [], [], [], [], new Dictionary<string, string>(), [], []);

    public static IReadOnlyDictionary<string, string> ParseDisclaimers(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } text) result[p.Name] = text;
        }
        return result;
    }
}
