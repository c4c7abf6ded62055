using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>One prepaid wallet per workspace. Amounts are integer cents; the balance never goes below zero.</summary>
public sealed class Wallet : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string OrganizationId { get; init; }
    public long Balance { get; set; }
    public string Currency { get; set; } = "usd";
    public string Status { get; set; } = "active";
    public bool AutoReloadEnabled { get; set; }
    public long? AutoReloadThreshold { get; set; }
    public long? AutoReloadAmount { get; set; }
    /// <summary>The auto-reload payment not yet settled; while set no second reload starts.</summary>
    public string? ReloadPaymentId { get; set; }
    /// <summary>The processor's customer the wallet's cards are saved under (created at the first top-up).</summary>
    public string? StripeCustomerId { get; set; }
    /// <summary>The card saved by the last succeeded top-up; auto-reload charges it off-session.</summary>
    public string? StripePaymentMethodId { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
