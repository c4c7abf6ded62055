using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget;

/// <summary>
/// Starts a card payment into the wallet. The payment row and its idempotency key are committed
/// before the processor is called; the wallet is credited only later, by the verified
/// <c>payment_intent.succeeded</c> event (<see cref="ApplyPaymentEvent"/>).
/// </summary>
public sealed class TopUpWallet(LoopDriveDbContext db, EnsureWallet ensureWallet, IPaymentGateway gateway, TimeProvider clock)
{
    public async Task<StripePayment?> HandleAsync(string workspaceId, long amount, string source, CancellationToken cancellationToken)
    {
        var wallet = await ensureWallet.HandleAsync(workspaceId, cancellationToken);
        if (wallet is null) return null;
        var now = clock.GetUtcNow();
        var payment = new StripePayment
        {
            Id = Ids.New(IdPrefixes.Payment, clock),
            WorkspaceId = workspaceId,
            WalletId = wallet.Id,
            IdempotencyKey = Ids.New("idk", clock),
            Amount = amount,
            Currency = wallet.Currency,
            Source = source,
            Status = "pending",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.StripePayments.Add(payment);
        await db.SaveChangesAsync(cancellationToken);
        return await CallGatewayAsync(payment, cancellationToken);
    }

    /// <summary>Asks the processor for the payment's intent (again, for a row whose first call never recorded an answer).</summary>
    public async Task<StripePayment> CallGatewayAsync(StripePayment payment, CancellationToken cancellationToken)
    {
        var intent = await gateway.CreatePaymentIntentAsync(new PaymentIntentRequest(
            payment.Amount, payment.Currency, payment.IdempotencyKey, payment.Id, payment.WorkspaceId, payment.Source), cancellationToken);
        // The success event may already have been applied (the sandbox answers fast): only fill in what is missing.
        await db.Entry(payment).ReloadAsync(cancellationToken);
        payment.PaymentIntentId ??= intent.Id;
        payment.ClientSecret ??= intent.ClientSecret;
        if (payment.Status == "pending" && intent.Status == "processing") payment.Status = "processing";
        payment.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return payment;
    }
}
