using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget;

/// <summary>
/// Starts an auto-reload when the wallet is below its threshold. One guarded UPDATE claims the
/// wallet's single reload slot (<c>reload_payment_id IS NULL</c>) and records the payment in the
/// same transaction, so however many callers race, exactly one reload is in flight; the slot is
/// freed when that payment succeeds or fails.
/// </summary>
/// <remarks>
/// Where the processor only settles confirmed intents (live Stripe), a wallet without a saved card
/// claims nothing: the reload is charged to that card off-session, confirmed in the same call, and
/// credited only by the processor's success event.
/// </remarks>
public sealed class StartAutoReload(LoopDriveDbContext db, TopUpWallet topUp, IPaymentGateway gateway, TimeProvider clock)
{
    public async Task<StripePayment?> HandleAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var paymentId = Ids.New(IdPrefixes.Payment, clock);
        var now = clock.GetUtcNow();
        var needsCard = gateway.ReloadNeedsSavedCard;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE wallets SET reload_payment_id = {paymentId}, updated_at = {now}
                WHERE workspace_id = {workspaceId} AND auto_reload_enabled AND status = 'active'
                  AND reload_payment_id IS NULL AND auto_reload_amount > 0 AND balance < auto_reload_threshold
                  AND (NOT {needsCard} OR (stripe_customer_id IS NOT NULL AND stripe_payment_method_id IS NOT NULL))
                """, cancellationToken);
            if (claimed == 0) return null;
            var wallet = await db.Wallets.IgnoreQueryFilters().AsNoTracking().FirstAsync(w => w.WorkspaceId == workspaceId, cancellationToken);
            db.StripePayments.Add(new StripePayment
            {
                Id = paymentId,
                WorkspaceId = workspaceId,
                WalletId = wallet.Id,
                IdempotencyKey = Ids.New("idk", clock),
                Amount = wallet.AutoReloadAmount!.Value,
                Currency = wallet.Currency,
                Source = TopUpWallet.AutoReloadSource,
                Status = "pending",
                CreatedAt = now,
                UpdatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var payment = await db.StripePayments.IgnoreQueryFilters().FirstAsync(p => p.Id == paymentId, cancellationToken);
        return await topUp.CallGatewayAsync(payment, cancellationToken);
    }
}
