namespace LoopDrive.Core.Voice.Brands;

/// <summary>Brand fields as a caller gives them; null keeps the stored value on update.</summary>
public sealed record BrandInput(
    string? Name,
    string? Tone,
    string? Audience,
    IReadOnlyList<string>? PreferredVocabulary,
    IReadOnlyList<string>? AvoidVocabulary,
    IReadOnlyList<string>? BannedPhrases,
    IReadOnlyList<string>? Competitors,
    IReadOnlyDictionary<string, string>? RequiredDisclaimers,
    IReadOnlyList<string>? AllowedLinkDomains,
    IReadOnlyList<string>? Exemplars,
    bool? IsDefault);
