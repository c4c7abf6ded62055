using LoopDrive.Contracts.Budget;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Lifecycle;

/// <summary>
/// execute: an approved allocation becomes executing and a <c>budget.execute</c> message is queued
/// in the same transaction; the consumer reserves the funds (<see cref="ReserveAllocation"/>).
/// A repeat answers the same execution id. More than the wallet holds → 422 insufficient_funds.
/// </summary>
public sealed class RequestExecution(LoopDriveDbContext db, Outbox outbox, TimeProvider clock)
{
    public async Task<string?> HandleAsync(string workspaceId, string id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var a = await AllocationStore.LockAsync(db, workspaceId, id, cancellationToken);
        if (a is null) return null;
        if (a.Status is AllocationStatuses.Executing or AllocationStatuses.Paused && a.ExecutionId is not null) return a.ExecutionId;
        if (a.Status != AllocationStatuses.Approved) throw AllocationStore.WrongState(a, "execute");

        var balance = await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspaceId)
            .Select(w => (long?)w.Balance).FirstOrDefaultAsync(cancellationToken) ?? 0;
        if (balance < a.TotalBudget)
            throw new DomainRuleException("insufficient_funds",
                $"The plan needs {a.TotalBudget} cents; the wallet holds {balance}. Top up or lower the budget.");

        var now = clock.GetUtcNow();
        a.Status = AllocationStatuses.Executing;
        a.ExecutionId = Ids.New("exec", clock);
        a.ExecutedAt = now;
        a.PeriodStart = now;
        a.PeriodEnd = now + AllocationStore.PeriodLength(AllocationStore.Period(a));
        outbox.Enqueue(StreamNames.BudgetExecute, new ExecuteAllocationMessage(workspaceId, a.Id, a.ExecutionId), workspaceId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return a.ExecutionId;
    }
}
