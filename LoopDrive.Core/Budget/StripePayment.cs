using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

public sealed class StripePayment : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string WalletId { get; init; }
    /// <summary>Null until Stripe answers: the row and its idempotency key are stored before the call.</summary>
    public string? PaymentIntentId { get; set; }
    /// <summary>Sent as Stripe's Idempotency-Key, so a retried create never makes a second intent.</summary>
    public required string IdempotencyKey { get; init; }
    /// <summary><c>topup</c> or <c>auto_reload</c>.</summary>
    public string Source { get; init; } = "topup";
    public string? ClientSecret { get; set; }
    public long RefundedAmount { get; set; }
    public long Amount { get; init; }
    public string Currency { get; init; } = "usd";
    public required string Status { get; set; }
    public string? PaymentMethod { get; set; }
    public string? ReceiptUrl { get; set; }
    public string? FailureReason { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
