using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

public sealed class StripePayout : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string ConnectAccountId { get; init; }
    public required string TransferId { get; init; }
    public long Amount { get; init; }
    public string Currency { get; init; } = "usd";
    public required string Status { get; set; }
    public required string RecipientType { get; init; }
    public required string RecipientName { get; init; }
    public required string Description { get; init; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PaidAt { get; set; }
}
