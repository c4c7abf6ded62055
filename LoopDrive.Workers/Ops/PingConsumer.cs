using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Spine;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Ops;

/// <summary>Consumes <c>ops.ping</c>: the spine's self-test, a batch at a time.</summary>
public sealed class PingConsumer(HandlePing handlePing, SpineConsumerIdentity consumer) : IStreamBatchHandler<PingRequested>
{
    public static string Stream => StreamNames.OpsPing;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<PingRequested>> messages, CancellationToken cancellationToken) =>
        handlePing.HandleAsync([.. messages.Select(m => m.Message)], consumer.Name, cancellationToken);
}
