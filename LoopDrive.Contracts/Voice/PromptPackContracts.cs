using System.Text.Json;

namespace LoopDrive.Contracts.Voice;

/// <summary>CONTRACT.md §4 PromptPack (D5) plus our <c>version</c>, <c>active</c> and <c>shipped</c>.</summary>
public sealed record PromptPack(
    string SystemPrompt,
    string UserPromptTemplate,
    IReadOnlyList<string> Variables,
    IReadOnlyList<PromptExample>? Examples,
    JsonElement Constraints,
    string? UseCase,
    string? BrandId,
    int Version,
    bool Active,
    bool Shipped);

public sealed record PromptExample(JsonElement Input, string Output);

public sealed record PromptPackCreate(
    string? BrandId,
    string? SystemPrompt,
    string? UserPromptTemplate,
    IReadOnlyList<PromptExample>? Examples = null,
    JsonElement? Constraints = null,
    bool Activate = false);

public sealed record PromptPackVersions(IReadOnlyList<PromptPack> Versions, int Total);
