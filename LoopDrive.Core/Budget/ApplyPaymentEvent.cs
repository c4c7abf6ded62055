using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget;

/// <summary>
/// Applies one verified processor event. Each event id is applied once (a redelivery changes
/// nothing), and any delivery order converges: success is final except for refunds, a failure
/// never undoes a success, a refund seen before its success is held and applied with it, and
/// refunds carry the cumulative amount so only the growth moves money.
/// </summary>
public sealed class ApplyPaymentEvent(LoopDriveDbContext db, BudgetLedger ledger, TimeProvider clock)
{
    public enum Result { Applied, Duplicate, Ignored }

    public async Task<Result> HandleAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await HandleOnceAsync(evt, cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolations.Is(e) && attempt < 3)
            {
                // The same event arrived twice at once; the retry finds the other delivery's row.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Result> HandleOnceAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.StripeWebhookEvents.AnyAsync(e => e.EventId == evt.EventId, cancellationToken)) return Result.Duplicate;
        var now = clock.GetUtcNow();
        db.StripeWebhookEvents.Add(new StripeWebhookEvent
        {
            EventId = evt.EventId, Type = evt.Type, PaymentIntentId = evt.PaymentIntentId, ReceivedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        var payment = await LockPaymentAsync(evt, cancellationToken);
        if (payment is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return Result.Ignored;
        }
        payment.PaymentIntentId ??= evt.PaymentIntentId;
        payment.PaymentMethod = evt.PaymentMethod ?? payment.PaymentMethod;
        payment.ReceiptUrl = evt.ReceiptUrl ?? payment.ReceiptUrl;
        payment.UpdatedAt = now;

        switch (evt.Type)
        {
            case PaymentEventTypes.Succeeded when payment.Status is not ("succeeded" or "refunded"):
                payment.Status = "succeeded";
                payment.FailureReason = null;
                await CreditAsync(payment, cancellationToken);
                if (payment.RefundedAmount > 0) await RefundAsync(payment, 0, payment.RefundedAmount, cancellationToken);
                await ClearReloadAsync(payment, cancellationToken);
                await SaveCardAsync(payment, evt, cancellationToken);
                break;
            case PaymentEventTypes.Failed or PaymentEventTypes.Canceled when payment.Status is "pending" or "processing" or "failed":
                payment.Status = evt.Type == PaymentEventTypes.Failed ? "failed" : "canceled";
                payment.FailureReason = evt.FailureReason ?? payment.FailureReason;
                await ClearReloadAsync(payment, cancellationToken);
                break;
            case PaymentEventTypes.Processing when payment.Status == "pending":
                payment.Status = "processing";
                break;
            case PaymentEventTypes.Refunded when evt.AmountRefunded > payment.RefundedAmount:
                var before = payment.RefundedAmount;
                payment.RefundedAmount = Math.Min(evt.AmountRefunded, payment.Amount);
                if (payment.Status is "succeeded" or "refunded")
                    await RefundAsync(payment, before, payment.RefundedAmount, cancellationToken);
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Applied;
    }

    private async Task<StripePayment?> LockPaymentAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        // Our payment id travels in the intent's metadata, so an event that beats the recording of
        // the intent id still finds its payment. The row lock serializes events of one payment.
        var byId = evt.PaymentId;
        var byIntent = evt.PaymentIntentId;
        return await db.StripePayments
            .FromSql($"SELECT * FROM stripe_payments WHERE id = {byId} OR payment_intent_id = {byIntent} LIMIT 1 FOR UPDATE")
            .IgnoreQueryFilters()
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task CreditAsync(StripePayment payment, CancellationToken cancellationToken)
    {
        var outcome = await ledger.TransferAsync(new LedgerTransfer(
            "topup:" + payment.Id, payment.WorkspaceId,
            LedgerAccounts.Clearing(payment.WorkspaceId), LedgerAccounts.Wallet(payment.WorkspaceId),
            payment.Amount, TransferKinds.TopUp, ReferenceId: payment.PaymentIntentId,
            Description: payment.Source == TopUpWallet.AutoReloadSource ? "Auto-reload" : "Top-up",
            WalletTxType: "credit", WalletTxSource: payment.Source == TopUpWallet.AutoReloadSource ? "auto_reload" : "stripe_payment"), cancellationToken);
        if (!outcome.Applied) throw new InvalidOperationException($"Crediting payment {payment.Id} failed: {outcome.Status}.");
    }

    private async Task RefundAsync(StripePayment payment, long refundedBefore, long refundedNow, CancellationToken cancellationToken)
    {
        var delta = refundedNow - refundedBefore;
        if (delta <= 0) return;
        var outcome = await ledger.TransferAsync(new LedgerTransfer(
            $"refund:{payment.Id}:{refundedNow}", payment.WorkspaceId,
            LedgerAccounts.Wallet(payment.WorkspaceId), LedgerAccounts.Clearing(payment.WorkspaceId),
            delta, TransferKinds.Refund, ReferenceId: payment.PaymentIntentId, Description: "Refund",
            WalletTxType: "refund", WalletTxSource: "refund"), cancellationToken);
        payment.Status = refundedNow >= payment.Amount ? "refunded" : payment.Status;
        if (outcome.Status == TransferStatus.InsufficientFunds)
        {
            // The refunded money was already reserved or spent: the wallet is frozen until someone
            // settles the shortfall, rather than letting its balance go below zero.
            payment.FailureReason = $"Refund of {delta} cents exceeds the available wallet balance.";
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE wallets SET status = 'frozen' WHERE id = {payment.WalletId}", cancellationToken);
        }
    }

    /// <summary>
    /// A top-up paid by the customer in person leaves its card saved (the intent asked for
    /// off-session use); the next auto-reload charges it. Reloads themselves change nothing here.
    /// </summary>
    private async Task SaveCardAsync(StripePayment payment, PaymentEvent evt, CancellationToken cancellationToken)
    {
        if (payment.Source == TopUpWallet.AutoReloadSource || evt.PaymentMethod is null || evt.Customer is null) return;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE wallets SET stripe_payment_method_id = {evt.PaymentMethod}, stripe_customer_id = coalesce(stripe_customer_id, {evt.Customer})
            WHERE id = {payment.WalletId} AND (stripe_customer_id IS NULL OR stripe_customer_id = {evt.Customer})
            """, cancellationToken);
    }

    private Task ClearReloadAsync(StripePayment payment, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE wallets SET reload_payment_id = NULL WHERE id = {payment.WalletId} AND reload_payment_id = {payment.Id}", cancellationToken);
}
