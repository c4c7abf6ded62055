using LoopDrive.Core.Data;

namespace LoopDrive.Core.Budget.Lifecycle;

/// <summary>pause: executing → paused (spend stops: only executing envelopes pay); resume: paused → executing. Repeats answer the current state.</summary>
public sealed class PauseAllocation(LoopDriveDbContext db)
{
    public async Task<BudgetAllocation?> HandleAsync(string workspaceId, string id, bool pause, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var a = await AllocationStore.LockAsync(db, workspaceId, id, cancellationToken);
        if (a is null) return null;
        var (from, to) = pause
            ? (AllocationStatuses.Executing, AllocationStatuses.Paused)
            : (AllocationStatuses.Paused, AllocationStatuses.Executing);
        if (a.Status == to) return a;
        if (a.Status != from) throw AllocationStore.WrongState(a, pause ? "pause" : "resume");
        a.Status = to;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return a;
    }
}
