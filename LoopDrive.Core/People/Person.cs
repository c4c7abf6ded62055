using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

public sealed class Person : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public string? OrganizationId { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Locale { get; set; }
    public string? Timezone { get; set; }
    public string? Metadata { get; set; }
    /// <summary>Set when this person was merged into another: the row stays as a tombstone.</summary>
    public string? MergedIntoId { get; set; }
    /// <summary>Set when the person's data was erased on request; only pseudonymous aggregates remain.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
