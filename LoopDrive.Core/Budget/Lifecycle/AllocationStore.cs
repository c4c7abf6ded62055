using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Lifecycle;

internal static class AllocationStore
{
    /// <summary>The allocation row locked for this transaction, so two transitions cannot interleave.</summary>
    public static Task<BudgetAllocation?> LockAsync(LoopDriveDbContext db, string workspaceId, string id, CancellationToken cancellationToken) =>
        db.BudgetAllocations.FromSql($"SELECT * FROM budget_allocations WHERE id = {id} AND workspace_id = {workspaceId} FOR UPDATE")
            .IgnoreQueryFilters().FirstOrDefaultAsync(cancellationToken);

    public static DomainConflictException WrongState(BudgetAllocation a, string action) =>
        new("invalid_state", $"Cannot {action} an allocation that is {a.Status}.");

    public static TimeSpan PeriodLength(string? period) => period switch
    {
        "daily" => TimeSpan.FromDays(1),
        "weekly" => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(30),
    };

    public static string? Period(BudgetAllocation a)
    {
        if (a.Metadata is null) return null;
        using var doc = System.Text.Json.JsonDocument.Parse(a.Metadata);
        return doc.RootElement.TryGetProperty("period", out var p) ? p.GetString() : null;
    }
}
