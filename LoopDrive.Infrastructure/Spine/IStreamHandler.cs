namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Handles one message type from one stream. Register with
/// <c>services.AddStreamConsumer&lt;THandler, TMessage&gt;()</c>; the handler is resolved from a
/// fresh DI scope per message whose <c>LoopDriveDbContext</c> already runs inside the consumer's
/// transaction and whose workspace is the message's.
/// </summary>
/// <remarks>
/// Rules for handlers: call <c>SaveChangesAsync</c> as usual but never begin or commit a transaction
/// (the consumer commits the effects together with the inbox row, then acknowledges). A run may be
/// rolled back and repeated (a failure elsewhere in the batch, a crash before commit), so a call
/// that cannot be undone — a message to a person, a charge — must first commit its own attempt
/// record on a separate connection and check it on the next run.
/// </remarks>
public interface IStreamHandler<TMessage> where TMessage : notnull
{
    /// <summary>The stream this handler consumes (one of <c>StreamNames</c>).</summary>
    static abstract string Stream { get; }

    Task HandleAsync(TMessage message, StreamMessageContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler may want to know about the delivery besides the message itself.</summary>
public sealed record StreamMessageContext(
    string MessageId,
    string Stream,
    string EntryId,
    string? WorkspaceId,
    int DeliveryCount,
    DateTimeOffset EnqueuedAt);
