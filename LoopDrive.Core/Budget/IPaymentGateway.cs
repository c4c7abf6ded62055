namespace LoopDrive.Core.Budget;

/// <summary>
/// The card processor as the budget area needs it (Stripe in Infrastructure; live or the local
/// sandbox emulation). The idempotency key is stored by the caller before this call, so a retry
/// after a crash asks for the same intent, never a second charge.
/// </summary>
public interface IPaymentGateway
{
    Task<CreatedPaymentIntent> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken cancellationToken);
}

public sealed record PaymentIntentRequest(
    long Amount, string Currency, string IdempotencyKey, string PaymentId, string WorkspaceId, string Source);

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
    string? ReceiptUrl);

/// <summary>Event types the wallet acts on; others are acknowledged and ignored.</summary>
public static class PaymentEventTypes
{
    public const string Succeeded = "payment_intent.succeeded";
    public const string Failed = "payment_intent.payment_failed";
    public const string Canceled = "payment_intent.canceled";
    public const string Processing = "payment_intent.processing";
    public const string Refunded = "charge.refunded";
}
