namespace LoopDrive.Core.Sends;

/// <summary>A verified provider webhook event already handled, keyed by the provider's own id: a redelivery is acknowledged and ignored.</summary>
public sealed class ProviderReceipt
{
    public required string Provider { get; init; }
    public required string EventId { get; init; }
    public string? WorkspaceId { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}
