using System.Security.Claims;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Budget.Lifecycle;
using LoopDrive.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using AllocationContract = LoopDrive.Contracts.Budget.BudgetAllocation;

namespace LoopDrive.Api.Budget;

internal static partial class BudgetApi
{
    private static void MapAllocations(RouteGroupBuilder budget)
    {
        budget.MapGet("/allocations", ListAllocations).WithName("ListAllocations");
        budget.MapGet("/allocation/{id}", GetAllocation).WithName("GetAllocation");
        budget.MapPost("/allocation/{id}/approve", Approve).WithName("ApproveAllocation");
        budget.MapPost("/allocation/{id}/reject", Reject).WithName("RejectAllocation");
        budget.MapPost("/allocation/{id}/execute", Execute).WithName("ExecuteAllocation");
        budget.MapPost("/allocation/{id}/pause", Pause).WithName("PauseAllocation");
        budget.MapPost("/allocation/{id}/resume", Resume).WithName("ResumeAllocation");
        budget.MapPost("/allocation/{id}/complete", Complete).WithName("CompleteAllocation");
        budget.MapPost("/allocation/{id}/cancel", Cancel).WithName("CancelAllocation");
        budget.MapPost("/allocation/{id}/reconcile", Reconcile).WithName("ReconcileAllocation");
    }

    public static async Task<Results<Ok<AllocationList>, ValidationProblem, ProblemHttpResult>> ListAllocations(
        string? workspaceId, string? status, int? limit, int? offset, ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        if (status is not null && !BudgetEnums.AllocationStatuses.Contains(status))
            return Problems.Invalid("status", "Unknown value; one of: " + string.Join(", ", BudgetEnums.AllocationStatuses) + ".");
        var query = db.BudgetAllocations.AsNoTracking().Where(a => status == null || a.Status == status);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(Paging.Offset(offset)).Take(Paging.Limit(limit)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AllocationList([.. page.Select(a => a.ToContract())], total));
    }

    public static async Task<Results<Ok<AllocationContract>, ProblemHttpResult>> GetAllocation(string id, LoopDriveDbContext db, CancellationToken cancellationToken) =>
        await db.BudgetAllocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } a
            ? TypedResults.Ok(a.ToContract())
            : Problems.NotFound("allocation");

    public static Task<Results<Ok<AllocationContract>, ProblemHttpResult>> Approve(
        string id, AllocationDecision? body, ClaimsPrincipal user, DecideAllocation decide, CancellationToken cancellationToken) =>
        Answer(decide.HandleAsync(user.WorkspaceId(), id, approve: true, Decider(body, user), null, cancellationToken));

    public static Task<Results<Ok<AllocationContract>, ProblemHttpResult>> Reject(
        string id, AllocationDecision? body, ClaimsPrincipal user, DecideAllocation decide, CancellationToken cancellationToken) =>
        Answer(decide.HandleAsync(user.WorkspaceId(), id, approve: false, Decider(body, user), body?.Reason, cancellationToken));

    public static async Task<Results<Ok<ExecuteResult>, ProblemHttpResult>> Execute(
        string id, ClaimsPrincipal user, RequestExecution execute, CancellationToken cancellationToken) =>
        await execute.HandleAsync(user.WorkspaceId(), id, cancellationToken) is { } executionId
            ? TypedResults.Ok(new ExecuteResult(executionId))
            : Problems.NotFound("allocation");

    public static Task<Results<Ok<AllocationContract>, ProblemHttpResult>> Pause(string id, ClaimsPrincipal user, PauseAllocation pause, CancellationToken cancellationToken) =>
        Answer(pause.HandleAsync(user.WorkspaceId(), id, pause: true, cancellationToken));

    public static Task<Results<Ok<AllocationContract>, ProblemHttpResult>> Resume(string id, ClaimsPrincipal user, PauseAllocation pause, CancellationToken cancellationToken) =>
        Answer(pause.HandleAsync(user.WorkspaceId(), id, pause: false, cancellationToken));

    public static Task<Results<Ok<AllocationContract>, ProblemHttpResult>> Complete(string id, ClaimsPrincipal user, CloseAllocation close, CancellationToken cancellationToken) =>
        Answer(close.HandleAsync(user.WorkspaceId(), id, cancel: false, cancellationToken));

    public static Task<Results<Ok<AllocationContract>, ProblemHttpResult>> Cancel(string id, ClaimsPrincipal user, CloseAllocation close, CancellationToken cancellationToken) =>
        Answer(close.HandleAsync(user.WorkspaceId(), id, cancel: true, cancellationToken));

    public static async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> Reconcile(
        string id, ClaimsPrincipal user, ReconcileAllocation reconcile, CancellationToken cancellationToken) =>
        await reconcile.HandleAsync(user.WorkspaceId(), id, cancellationToken) is { } report ? TypedResults.Ok(report) : Problems.NotFound("allocation");

    private static string Decider(AllocationDecision? body, ClaimsPrincipal user) =>
        string.IsNullOrWhiteSpace(body?.By) ? user.ApiKeyId() : body.By.Trim()[..Math.Min(body.By.Trim().Length, 200)];

    private static async Task<Results<Ok<AllocationContract>, ProblemHttpResult>> Answer(Task<Core.Budget.BudgetAllocation?> work) =>
        await work is { } a ? TypedResults.Ok(a.ToContract()) : Problems.NotFound("allocation");
}
