namespace LoopDrive.Core.Spine;

/// <summary>
/// The inbox: one row per (consumer, message) whose effects have committed. Written in the
/// handler's own transaction, so a redelivered message finds it and does nothing.
/// </summary>
public sealed class ProcessedMessage
{
    public required string Consumer { get; init; }
    public required string MessageId { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
