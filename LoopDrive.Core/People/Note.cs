using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

public sealed class Note : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; set; }
    public required string Content { get; set; }
    /// <summary>The API key that wrote it; never taken from a request body.</summary>
    public required string AuthorId { get; init; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
