using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

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

public static class Suppressions
{
    /// <summary>
    /// Queues a suppression of the send's recipient on its channel unless one is stored or already
    /// queued on this context; saved with the caller's changes. False when it was already suppressed.
    /// </summary>
    public static async Task<bool> AddOnceAsync(LoopDriveDbContext db, Send send, string address, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var exists = await db.Suppressions.IgnoreQueryFilters()
            .AnyAsync(s => s.WorkspaceId == send.WorkspaceId && s.Channel == send.Channel && s.Address == address, cancellationToken);
        if (exists || db.Suppressions.Local.Any(s => s.WorkspaceId == send.WorkspaceId && s.Channel == send.Channel && s.Address == address)) return false;
        db.Suppressions.Add(new Suppression
        {
            WorkspaceId = send.WorkspaceId, Channel = send.Channel, Address = address, Reason = reason, PersonId = send.PersonId, CreatedAt = at,
        });
        return true;
    }
}
