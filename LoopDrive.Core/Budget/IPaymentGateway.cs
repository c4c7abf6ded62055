namespace LoopDrive.Core.Budget;

/// <summary>
/// The card processor as the budget area needs it (Stripe in Infrastructure; live or the local
/// sandbox emulation). The idempotency key is stored by the caller before this call, so a retry
/// after a crash asks for the same intent, never a second charge.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// True when an auto-reload can only be charged to a saved card (live Stripe: an intent nobody
    /// confirms never settles). The sandbox settles any intent by itself, so it needs none.
    /// </summary>
    bool ReloadNeedsSavedCard { get; }

    Task<CreatedPaymentIntent> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken cancellationToken);

    /// <summary>Creates the processor customer a wallet's cards are saved under; the same key answers the same customer.</summary>
    Task<string> CreateCustomerAsync(string workspaceId, string idempotencyKey, CancellationToken cancellationToken);
}

/// <param name="Customer">The wallet's processor customer, when it has one.</param>
/// <param name="SaveCard">Keep the card the customer pays with for later off-session charges.</param>
/// <param name="OffSessionPaymentMethod">Charge this saved card now, without the customer present (off_session, confirm).</param>
public sealed record PaymentIntentRequest(
    long Amount, string Currency, string IdempotencyKey, string PaymentId, string WorkspaceId, string Source,
    string? Customer = null, bool SaveCard = false, string? OffSessionPaymentMethod = null);

public sealed record CreatedPaymentIntent(string Id, string ClientSecret, string Status);

/// <summary>A verified processor event, reduced to what the wallet needs. Parsed and checked in Infrastructure.</summary>
public sealed record PaymentEvent(
    string EventId,
    string Type,
    string? PaymentIntentId,
    string? PaymentId,
    long Amount,
    long AmountRefunded,
    string? FailureReason,
    string? PaymentMethod,
    string? ReceiptUrl,
    string? Customer = null);

/// <summary>Event types the wallet acts on; others are acknowledged and ignored.</summary>
public static class PaymentEventTypes
{
    public const string Succeeded = "payment_intent.succeeded";
    public const string Failed = "payment_intent.payment_failed";
    public const string Canceled = "payment_intent.canceled";
    public const string Processing = "payment_intent.processing";
    public const string Refunded = "charge.refunded";
}
