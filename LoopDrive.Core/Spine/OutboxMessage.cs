namespace LoopDrive.Core.Spine;

/// <summary>
/// Follow-up work written in the same transaction as the state change that caused it, kept until
/// the relay has handed it to its Redis stream: the outbox holds only what is still to be sent.
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
    /// <summary>Relay passes that failed to hand it over (Redis down, a crash before commit).</summary>
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
