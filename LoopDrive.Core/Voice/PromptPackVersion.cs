using LoopDrive.Core.Common;

namespace LoopDrive.Core.Voice;

/// <summary>
/// One stored version of a brand's prompt pack for a use case (e.g. <c>email_nurture</c>). At most
/// one version per (brand, use case) is active; with none stored the shipped default answers.
/// </summary>
public sealed class PromptPackVersion : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string BrandId { get; init; }
    public required string UseCase { get; init; }
    public int Version { get; init; }
    public required string SystemPrompt { get; init; }
    public required string UserPromptTemplate { get; init; }
    public List<string> Variables { get; init; } = [];
    /// <summary>Few-shot examples as a jsonb array of {input, output}.</summary>
    public string? Examples { get; init; }
    /// <summary>Default constraints as a jsonb object.</summary>
    public string Constraints { get; init; } = "{}";
    public bool IsActive { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
