using LoopDrive.Contracts.Learning;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Learning;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Learning;

/// <summary><c>learning.tune</c>: a whole read batch of outcomes applied in the batch's one transaction (the inbox makes a replay a no-op).</summary>
public sealed class LearningTuneConsumer(ApplyOutcomes apply) : IStreamBatchHandler<LearningOutcomeObserved>
{
    public static string Stream => StreamNames.LearningTune;

    public async Task HandleBatchAsync(IReadOnlyList<StreamMessage<LearningOutcomeObserved>> messages, CancellationToken cancellationToken) =>
        await apply.HandleAsync([.. messages.Select(m => (m.Message, m.Context.EnqueuedAt))], cancellationToken);
}
