using System.Security.Claims;
using LoopDrive.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using LedgerContract = LoopDrive.Contracts.Budget.BudgetLedger;

namespace LoopDrive.Api.Budget;

internal static partial class BudgetApi
{
    private const int MaxLedgerRows = 1000;

    private static void MapLedger(RouteGroupBuilder budget) =>
        budget.MapGet("/ledger", Ledger).WithName("GetBudgetLedger");

    /// <summary>Planned, actual and adjustment rows in [from, to), oldest first; default the last 30 days, at most 1,000 rows.</summary>
    public static async Task<Results<Ok<LedgerContract[]>, ValidationProblem, ProblemHttpResult>> Ledger(
        string? workspaceId, DateTimeOffset? from, DateTimeOffset? to, int? limit, ClaimsPrincipal user, LoopDriveDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start > end) return Problems.Invalid("from", "Must not be after to.");
        var rows = await db.BudgetLedger.AsNoTracking()
            .Where(e => e.Timestamp >= start && e.Timestamp < end)
            .OrderBy(e => e.Timestamp).ThenBy(e => e.Id)
            .Take(Math.Clamp(limit ?? MaxLedgerRows, 1, MaxLedgerRows)).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(e => e.ToContract()).ToArray());
    }
}
