using System.Text.Json;

namespace LoopDrive.Contracts.Voice;

/// <summary>CONTRACT.md §4 ComposeRequest: the union of the note and the SDK (D3), plus our <c>purpose</c>.</summary>
public sealed record ComposeRequest(
    string? BrandId,
    string? WorkspaceId,
    string? Channel,
    string? Objective,
    string? PersonId,
    JsonElement? Context = null,
    string? Draft = null,
    ComposeConstraints? Constraints = null,
    string? Purpose = null,
    int? Seed = null);

public sealed record ComposeConstraints(
    int? MaxLength = null,
    int? MaxChars = null,
    int? MaxVariants = null,
    string? Tone = null,
    string? ReadingLevel = null,
    bool? IncludeEmoji = null,
    bool? IncludeLink = null,
    string? Urgency = null,
    int? MinLength = null,
    string? LinkUrl = null,
    string? CtaStyle = null,
    string? Personalization = null,
    bool? TestMode = null);

/// <summary>Both result shapes of D4 in one object, kept consistent.</summary>
public sealed record ComposeResult(
    IReadOnlyList<string> SubjectLines,
    IReadOnlyList<string> HtmlVariants,
    IReadOnlyList<string>? TextVariants,
    string Body,
    ComposeMeta Meta,
    ComposedMessage Primary,
    IReadOnlyList<ComposedMessage> Variants,
    ComposeMetadata Metadata);

public sealed record ComposedMessage(string? Subject, string Body, string? Cta = null, string? Ps = null);

public sealed record ComposeMeta(
    string Model,
    string Source,
    int TokensUsed,
    int LatencyMs,
    IReadOnlyList<ComposeGuardrail> Guardrails,
    string CompositionId,
    string PromptVersion,
    string BrandId,
    string? FallbackReason = null);

public sealed record ComposeGuardrail(string Name, string Status, string? Details = null);

/// <summary>The note's metadata plus our <c>memoriesUsed</c> and per-message guardrail checks.</summary>
public sealed record ComposeMetadata(
    string Model,
    int TokensUsed,
    int LatencyMs,
    IReadOnlyList<string> SnippetsUsed,
    IReadOnlyList<string> MemoriesUsed,
    string PromptVersion,
    IReadOnlyList<GuardrailCheck> GuardrailResults);
