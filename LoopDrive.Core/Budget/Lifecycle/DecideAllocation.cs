using LoopDrive.Core.Data;

namespace LoopDrive.Core.Budget.Lifecycle;

/// <summary>Approves or rejects a plan awaiting approval, recording who decided. Repeating the same decision answers the current state.</summary>
public sealed class DecideAllocation(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<BudgetAllocation?> HandleAsync(string workspaceId, string id, bool approve, string by, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var a = await AllocationStore.LockAsync(db, workspaceId, id, cancellationToken);
        if (a is null) return null;
        var target = approve ? AllocationStatuses.Approved : AllocationStatuses.Rejected;
        if (a.Status == target) return a;
        if (a.Status is not (AllocationStatuses.PendingApproval or AllocationStatuses.Draft))
            throw AllocationStore.WrongState(a, approve ? "approve" : "reject");
        var now = clock.GetUtcNow();
        a.Status = target;
        if (approve) (a.ApprovedBy, a.ApprovedAt) = (by, now);
        else (a.RejectedBy, a.RejectedAt) = (by, now);
        if (reason is not null)
            a.Metadata = System.Text.Json.JsonSerializer.Serialize(new { period = AllocationStore.Period(a), rejectionReason = reason });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return a;
    }
}
