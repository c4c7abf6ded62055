using System.Security.Claims;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WalletContract = LoopDrive.Contracts.Budget.Wallet;

namespace LoopDrive.Api.Budget;

internal static partial class BudgetApi
{
    private static void MapWallet(RouteGroupBuilder budget)
    {
        budget.MapGet("/wallet/{workspaceId}", GetWallet).WithName("GetWallet");
        budget.MapGet("/wallet/{workspaceId}/transactions", ListTransactions).WithName("ListWalletTransactions");
        budget.MapPost("/wallet/{workspaceId}/topup", TopUp).WithKeylessDedupe().WithName("TopUpWallet");
        budget.MapPost("/wallet/{workspaceId}/auto-reload", ConfigureAutoReload).WithName("ConfigureAutoReload");
        budget.MapGet("/payments", ListPayments).WithName("ListPayments");
    }

    public static async Task<Results<Ok<WalletContract>, ProblemHttpResult>> GetWallet(
        string workspaceId, ClaimsPrincipal user, EnsureWallet ensure, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var wallet = await ensure.HandleAsync(workspaceId, cancellationToken);
        return wallet is null ? Problems.NotFound("workspace") : TypedResults.Ok(wallet.ToContract());
    }

    public static async Task<Results<Ok<WalletTransactionList>, ProblemHttpResult>> ListTransactions(
        string workspaceId, int? limit, int? offset, ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var query = db.WalletTransactions.AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(t => t.Timestamp).ThenByDescending(t => t.Id)
            .Skip(Paging.Offset(offset)).Take(Paging.Limit(limit)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new WalletTransactionList([.. page.Select(t => t.ToContract())], total));
    }

    public static async Task<Results<Ok<TopUpResult>, ValidationProblem, ProblemHttpResult>> TopUp(
        string workspaceId, TopUpRequest body, ClaimsPrincipal user, TopUpWallet topUp, IOptions<BudgetOptions> options,
        CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var cap = options.Value.MaxTopUpCents;
        if (body.Amount is not { } amount || amount <= 0 || amount > cap)
            return Problems.Invalid("amount", $"Required: cents, more than 0 and at most {cap}.");
        var payment = await topUp.HandleAsync(workspaceId, amount, "topup", cancellationToken);
        return payment is null
            ? Problems.NotFound("workspace")
            : TypedResults.Ok(new TopUpResult(payment.PaymentIntentId ?? "", payment.ClientSecret ?? ""));
    }

    public static async Task<Results<Ok<WalletContract>, ValidationProblem, ProblemHttpResult>> ConfigureAutoReload(
        string workspaceId, AutoReloadRequest body, ClaimsPrincipal user, EnsureWallet ensure, LoopDriveDbContext db,
        StartAutoReload autoReload, IOptions<BudgetOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var errors = new FieldErrors();
        if (body.Enabled is null) errors.Add("enabled", "Required.");
        if (body.Enabled == true)
        {
            if (body.Threshold is not > 0) errors.Add("threshold", "Required when enabled: cents, more than 0.");
            if (body.Amount is not > 0 || body.Amount > options.Value.MaxTopUpCents)
                errors.Add("amount", $"Required when enabled: cents, more than 0 and at most {options.Value.MaxTopUpCents}.");
        }
        else
        {
            if (body.Threshold is < 0) errors.Add("threshold", "Cents, 0 or more.");
            if (body.Amount is < 0) errors.Add("amount", "Cents, 0 or more.");
        }
        if (errors.Any) return Problems.Invalid(errors.All);
        var wallet = await ensure.HandleAsync(workspaceId, cancellationToken);
        if (wallet is null) return Problems.NotFound("workspace");
        wallet.AutoReloadEnabled = body.Enabled!.Value;
        wallet.AutoReloadThreshold = body.Threshold ?? wallet.AutoReloadThreshold;
        wallet.AutoReloadAmount = body.Amount ?? wallet.AutoReloadAmount;
        wallet.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // Enabling below the threshold reloads at once rather than at the next spend.
        if (wallet.AutoReloadEnabled) await autoReload.HandleAsync(workspaceId, cancellationToken);
        return TypedResults.Ok(wallet.ToContract());
    }

    public static async Task<Results<Ok<PaymentList>, ProblemHttpResult>> ListPayments(
        string? workspaceId, int? limit, int? offset, ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var query = db.StripePayments.AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip(Paging.Offset(offset)).Take(Paging.Limit(limit)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PaymentList([.. page.Select(p => p.ToContract())], total));
    }
}
