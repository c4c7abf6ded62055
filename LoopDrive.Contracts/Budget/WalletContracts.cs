using System.Text.Json;

namespace LoopDrive.Contracts.Budget;

public sealed record Wallet(
    string Id,
    string WorkspaceId,
    string OrganizationId,
    long Balance,
    string Currency,
    string Status,
    bool AutoReloadEnabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long? AutoReloadThreshold = null,
    long? AutoReloadAmount = null,
    JsonElement? Metadata = null);

public sealed record WalletTransaction(
    string Id,
    string WalletId,
    string Type,
    long Amount,
    long Balance,
    string Source,
    string Description,
    DateTimeOffset Timestamp,
    string? ReferenceId = null,
    JsonElement? Metadata = null);

public sealed record WalletTransactionList(IReadOnlyList<WalletTransaction> Transactions, int Total);

public sealed record TopUpRequest(long? Amount);

public sealed record TopUpResult(string PaymentIntentId, string ClientSecret);

public sealed record AutoReloadRequest(bool? Enabled, long? Threshold = null, long? Amount = null);

public sealed record StripePayment(
    string Id,
    string WorkspaceId,
    string WalletId,
    string PaymentIntentId,
    long Amount,
    string Currency,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? PaymentMethod = null,
    string? ReceiptUrl = null,
    string? FailureReason = null,
    JsonElement? Metadata = null);

public sealed record PaymentList(IReadOnlyList<StripePayment> Payments, int Total);

public sealed record BudgetLedger(
    string Id,
    string WorkspaceId,
    string Channel,
    long Amount,
    string Type,
    string Category,
    DateTimeOffset Timestamp,
    string? AllocationId = null,
    string? ExternalId = null,
    string? Description = null,
    JsonElement? Metadata = null);
