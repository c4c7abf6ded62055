using LoopDrive.Core.Common;

namespace LoopDrive.Core.People;

/// <summary>
/// One entry of the append-only consent history. <see cref="Consent"/> rows are the current
/// state derived from these; a change is always a new entry, never an edit.
/// </summary>
public sealed class ConsentChange : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; set; }
    public required string Channel { get; init; }
    public required string Scope { get; init; }
    public required string Status { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? Metadata { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}
