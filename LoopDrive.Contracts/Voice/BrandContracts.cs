namespace LoopDrive.Contracts.Voice;

/// <summary>A brand (our addition; the seed composes "for a brandId" without a way to define one).</summary>
public sealed record BrandContract(
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
    IReadOnlyList<string> Exemplars,
    bool IsDefault,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Create or replace a brand. On PUT, absent lists keep their stored values.</summary>
public sealed record BrandUpsert(
    string? Name,
    string? Tone = null,
    string? Audience = null,
    IReadOnlyList<string>? PreferredVocabulary = null,
    IReadOnlyList<string>? AvoidVocabulary = null,
    IReadOnlyList<string>? BannedPhrases = null,
    IReadOnlyList<string>? Competitors = null,
    IReadOnlyDictionary<string, string>? RequiredDisclaimers = null,
    IReadOnlyList<string>? AllowedLinkDomains = null,
    IReadOnlyList<string>? Exemplars = null,
    bool? IsDefault = null);

public sealed record BrandList(IReadOnlyList<BrandContract> Brands, int Total);
