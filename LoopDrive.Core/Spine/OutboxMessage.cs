namespace LoopDrive.Core.Spine;

/// <summary>
/// Follow-up work written in the same transaction as the state change that caused it. The relay
/// hands it to its Redis stream and stamps <see cref="SentAt"/>; the row is the durable copy.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Sequence, so the relay hands messages over in commit order.</summary>
    public long Id { get; init; }
    /// <summary>The id consumers deduplicate on (their inbox key).</summary>
    public required string MessageId { get; init; }
    public required string Stream { get; init; }
    public required string Type { get; init; }
    /// <summary>The Contracts record, as JSON.</summary>
    public required string Payload { get; init; }
    public string? WorkspaceId { get; init; }
    /// <summary>W3C trace context of the request that wrote it, so one trace spans the hand-off.</summary>
    public string? TraceParent { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
