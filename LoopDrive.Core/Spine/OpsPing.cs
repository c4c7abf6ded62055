namespace LoopDrive.Core.Spine;

/// <summary>A spine self-test row: created by the API, marked handled by the <c>ops.ping</c> consumer.</summary>
public sealed class OpsPing : Common.IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? HandledAt { get; set; }
    public int HandledCount { get; set; }

    /// <summary>Consumer name of the worker that first handled it; shows how replicas share the stream.</summary>
    public string? HandledBy { get; set; }
}
