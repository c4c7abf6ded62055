using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>A movement of the wallet balance with the balance after it. Never edited: corrections reverse.</summary>
public sealed class WalletTransaction : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string WalletId { get; init; }
    public required string Type { get; init; }
    public long Amount { get; init; }
    public long Balance { get; init; }
    public required string Source { get; init; }
    public string? ReferenceId { get; init; }
    public required string Description { get; init; }
    public string? Metadata { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}
