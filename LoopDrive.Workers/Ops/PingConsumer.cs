using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Spine;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Ops;

/// <summary>Consumes <c>ops.ping</c>: the spine's self-test.</summary>
public sealed class PingConsumer(HandlePing handlePing) : IStreamHandler<PingRequested>
{
    public static string Stream => StreamNames.OpsPing;

    public Task HandleAsync(PingRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        handlePing.HandleAsync(message, cancellationToken);
}
