using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

/// <summary>An email, phone or handle of a person. (type, value) is unique within a workspace.</summary>
public sealed class Identity : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; set; }
    public required string Type { get; init; }
    /// <summary>The normalized value; the original spelling is kept in metadata.</summary>
    public required string Value { get; init; }
    public bool Verified { get; set; }
    public bool IsPrimary { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
