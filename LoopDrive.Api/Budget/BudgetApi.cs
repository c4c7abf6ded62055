using System.Security.Claims;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Budget;

/// <summary>The budget area (CONTRACT.md §6): wallet and payments, ledger, plans and their lifecycle, insights; one partial file per sub-area.</summary>
internal static partial class BudgetApi
{
    public static RouteGroupBuilder MapBudgetApi(this RouteGroupBuilder api)
    {
        var budget = api.MapGroup("/budget").WithTags("Budget");
        MapWallet(budget);
        MapLedger(budget);
        MapWebhooks(budget);
        MapPlan(budget);
        MapAllocations(budget);
        MapInsights(budget);
        return api;
    }

    /// <summary>A <c>workspaceId</c> in the path, query or body must be the caller's own (CONTRACT.md §1: otherwise 403).</summary>
    internal static ProblemHttpResult? WorkspaceMismatch(string? workspaceId, ClaimsPrincipal user) =>
        workspaceId is null || workspaceId == user.WorkspaceId()
            ? null
            : Problems.Forbidden("workspace_mismatch", "workspaceId does not belong to this API key.");
}
