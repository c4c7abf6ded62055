using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

/// <summary>
/// A memory of a person. The vector is a plain <c>real[]</c> with the id of the model that made
/// it, so the schema runs on any PostgreSQL; pgvector indexes it by expression where present.
/// </summary>
public sealed class MemEmbedding : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    public float[]? Vector { get; set; }
    public string? ModelId { get; set; }
    public string? SourceEventId { get; set; }
    public double? Confidence { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>Whether composition may use it in outbound copy; objections and complaints default to no.</summary>
    public bool UsableInCopy { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }
}
