using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

public sealed class StripePayment : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string WalletId { get; init; }
    public required string PaymentIntentId { get; init; }
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
