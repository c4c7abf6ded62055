using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Events.Intake;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Events;

/// <summary><c>intake.fetch</c>: CSV/JSON imports (and, in live mode, polled inboxes) into the normalize path.</summary>
public sealed class EventImportConsumer(ImportEvents import) : IStreamHandler<EventImportRequested>
{
    public static string Stream => StreamNames.IntakeFetch;

    public Task HandleAsync(EventImportRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        import.HandleAsync(message.WorkspaceId, message.Format, message.Content, context.EnqueuedAt, cancellationToken);
}

/// <summary>
/// <c>intake.normalize</c>: verified provider payloads → events attached to people, a read batch
/// of one workspace stored with one ingest.
/// </summary>
public sealed class ProviderPayloadConsumer(NormalizeProviderPayload normalize) : IStreamBatchHandler<ProviderPayloadReceived>
{
    public static string Stream => StreamNames.IntakeNormalize;

    public async Task HandleBatchAsync(IReadOnlyList<StreamMessage<ProviderPayloadReceived>> messages, CancellationToken cancellationToken)
    {
        foreach (var workspace in messages.GroupBy(m => m.Message.WorkspaceId, StringComparer.Ordinal))
            await normalize.HandleManyAsync(workspace.Key,
                [.. workspace.Select(m => new NormalizeProviderPayload.Received(m.Message.Source, m.Message.Payload, m.Message.ReceivedAt))], cancellationToken);
    }
}

/// <summary><c>intake.embed</c>: classification, memory and topic weights for text-bearing events, a read batch at a time (one classifier call).</summary>
public sealed class EventClassificationConsumer(ClassifyEvent classify) : IStreamBatchHandler<EventClassificationRequested>
{
    public static string Stream => StreamNames.IntakeEmbed;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<EventClassificationRequested>> messages, CancellationToken cancellationToken) =>
        classify.HandleManyAsync([.. messages.Select(m => m.Message.EventId)], cancellationToken);
}
