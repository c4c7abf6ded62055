using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Sends;

/// <summary>
/// Cancels a send that is still waiting for its caller-chosen time (CONTRACT.md §5). A repeat
/// cancel answers the current state; anything already on its way answers a conflict.
/// </summary>
public sealed class CancelSend(LoopDriveDbContext db, TimeProvider clock)
{
    public enum Result { Cancelled, AlreadyCancelled, TooLate, NotFound }

    public async Task<(Result Result, Send? Send)> HandleAsync(string sendId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Conditional update: a dispatcher that picks the send up at the same moment cannot both win.
        var updated = await db.Sends
            .Where(s => s.Id == sendId && SendStatuses.Pending.Contains(s.Status) && s.ScheduledByCaller && s.ScheduledFor > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SendStatuses.Cancelled).SetProperty(s => s.UpdatedAt, now), cancellationToken);
        var send = await db.Sends.FirstOrDefaultAsync(s => s.Id == sendId, cancellationToken);
        if (send is null) return (Result.NotFound, null);
        if (updated == 1)
        {
            SendJournal.Add(db, send, SendStatuses.Cancelled, "api", now);
            await db.SaveChangesAsync(cancellationToken);
            return (Result.Cancelled, send);
        }
        return (send.Status == SendStatuses.Cancelled ? Result.AlreadyCancelled : Result.TooLate, send);
    }
}
