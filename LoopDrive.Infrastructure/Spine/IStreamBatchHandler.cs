namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// A handler that takes a whole read batch at once, for effects that are cheaper as one statement
/// over many rows than as one round trip per message. Registered like any handler
/// (<c>AddStreamConsumer&lt;THandler, TMessage&gt;()</c>); the consumer calls
/// <see cref="HandleBatchAsync"/> once per workspace present in the batch, with that workspace set,
/// and only with messages the inbox has not seen. The rules of <see cref="IStreamHandler{TMessage}"/>
/// apply; in particular the whole batch commits or rolls back together, and after a rollback each
/// message is retried alone (a batch of one) so a bad message fails by itself.
/// </summary>
public interface IStreamBatchHandler<TMessage> : IStreamHandler<TMessage> where TMessage : notnull
{
    Task HandleBatchAsync(IReadOnlyList<StreamMessage<TMessage>> messages, CancellationToken cancellationToken);

    Task IStreamHandler<TMessage>.HandleAsync(TMessage message, StreamMessageContext context, CancellationToken cancellationToken) =>
        HandleBatchAsync([new StreamMessage<TMessage>(message, context)], cancellationToken);
}

/// <summary>One message of a batch with its delivery details.</summary>
public readonly record struct StreamMessage<TMessage>(TMessage Message, StreamMessageContext Context);
