using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The scheduler's step: moves deferred sends whose time has come back to <c>queued</c> and onto
/// their stream, a batch at a time. Rows are locked with SKIP LOCKED so several workers share the
/// scan without releasing a send twice.
/// </summary>
public sealed class ReleaseDueSends(LoopDriveDbContext db, Outbox outbox, TimeProvider clock)
{
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Sends
            .FromSql($"select * from sends where due_at <= {now} order by due_at limit {batchSize} for update skip locked")
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);
        foreach (var send in due)
        {
            send.Status = SendStatuses.Queued;
            send.UpdatedAt = now;
            SendQueue.Enqueue(outbox, send);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
}
