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

    /// <summary>
    /// Asks the processor for the payment's intent (again, for a row whose first call never
    /// recorded an answer). A top-up saves the card under the wallet's customer; an auto-reload
    /// charges the saved card off-session when the wallet has one.
    /// </summary>
    public async Task<StripePayment> CallGatewayAsync(StripePayment payment, CancellationToken cancellationToken)
    {
        var request = new PaymentIntentRequest(
            payment.Amount, payment.Currency, payment.IdempotencyKey, payment.Id, payment.WorkspaceId, payment.Source);
        var wallet = await db.Wallets.IgnoreQueryFilters().AsNoTracking().FirstAsync(w => w.Id == payment.WalletId, cancellationToken);
        if (payment.Source == AutoReloadSource)
        {
            if (wallet.StripeCustomerId is not null && wallet.StripePaymentMethodId is not null)
                request = request with { Customer = wallet.StripeCustomerId, OffSessionPaymentMethod = wallet.StripePaymentMethodId };
        }
        else
        {
            request = request with { Customer = await EnsureCustomerAsync(wallet, cancellationToken), SaveCard = true };
        }
        var intent = await gateway.CreatePaymentIntentAsync(request, cancellationToken);
        // The success event may already have been applied (the sandbox answers fast): only fill in what is missing.
        await db.Entry(payment).ReloadAsync(cancellationToken);
        payment.PaymentIntentId ??= intent.Id;
        payment.ClientSecret ??= intent.ClientSecret;
        if (payment.Status == "pending" && intent.Status == "processing") payment.Status = "processing";
        payment.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return payment;
    }

    public const string AutoReloadSource = "auto_reload";

    /// <summary>
    /// The key is derived from the wallet, so a crash between creating the customer and storing
    /// it answers the same customer on the next try instead of making a second one.
    /// </summary>
    private async Task<string> EnsureCustomerAsync(Wallet wallet, CancellationToken cancellationToken)
    {
        if (wallet.StripeCustomerId is { } existing) return existing;
        var customer = await gateway.CreateCustomerAsync(wallet.WorkspaceId, "customer-" + wallet.Id, cancellationToken);
        await db.Wallets.IgnoreQueryFilters().Where(w => w.Id == wallet.Id && w.StripeCustomerId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.StripeCustomerId, customer), cancellationToken);
        return customer;
    }
}
