using LoopDrive.Core.Common;

namespace LoopDrive.Core.Voice;

/// <summary>
/// The record of one compose call: what was asked, who wrote it (model or template), which
/// memories and snippets it used and what the guardrails said. Voice analytics are built from
/// these rows; the bodies themselves stay out of logs.
/// </summary>
public sealed class Composition : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string BrandId { get; init; }
    public required string PersonId { get; init; }
    public required string Channel { get; init; }
    public required string Objective { get; init; }
    /// <summary><c>send</c> or <c>preview</c>.</summary>
    public required string Purpose { get; init; }
    /// <summary><c>llm</c>, <c>template</c> or <c>template_fallback</c>.</summary>
    public required string Source { get; init; }
    public required string Model { get; init; }
    public required string PromptVersion { get; init; }
    public int TokensUsed { get; init; }
    public int LatencyMs { get; init; }
    public List<string> SnippetsUsed { get; init; } = [];
    public List<string> MemoriesUsed { get; init; } = [];
    /// <summary>Primary and variants as a jsonb array of {subject, body, cta, ps}.</summary>
    public required string Messages { get; init; }
    /// <summary>Guardrail results per message as jsonb.</summary>
    public required string Guardrails { get; init; }
    public List<string> ViolationCodes { get; init; } = [];
    public bool Safe { get; init; }
    public double BrandAlignment { get; init; }
    public double Sentiment { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
