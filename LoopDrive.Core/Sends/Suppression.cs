using LoopDrive.Core.Common;

namespace LoopDrive.Core.Sends;

/// <summary>An address that must receive nothing more on a channel (hard bounce, spam complaint, one-click unsubscribe).</summary>
public sealed class Suppression : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string Channel { get; init; }
    /// <summary>Normalized address (lower-case email, E.164 number, handle).</summary>
    public required string Address { get; init; }
    public required string Reason { get; set; }
    public string? PersonId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
