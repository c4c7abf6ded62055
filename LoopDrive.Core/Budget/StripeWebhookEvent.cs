namespace LoopDrive.Core.Budget;

/// <summary>A verified Stripe event already applied (table <c>stripe_webhook_events</c>): redeliveries find it and change nothing.</summary>
public sealed class StripeWebhookEvent
{
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public string? PaymentIntentId { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}
