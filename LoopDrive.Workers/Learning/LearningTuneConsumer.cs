using LoopDrive.Contracts.Learning;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Learning;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Learning;

/// <summary>
/// <c>learning.tune</c>: the outcomes of a whole read batch (each message carries an intake
/// transaction's outcomes) applied in the batch's one transaction (the inbox makes a replay a no-op).
/// </summary>
public sealed class LearningTuneConsumer(ApplyOutcomes apply) : IStreamBatchHandler<LearningOutcomesObserved>
{
    public static string Stream => StreamNames.LearningTune;

    public async Task HandleBatchAsync(IReadOnlyList<StreamMessage<LearningOutcomesObserved>> messages, CancellationToken cancellationToken) =>
        await apply.HandleAsync([.. messages.SelectMany(m => m.Message.Outcomes.Select(o => (o, m.Context.EnqueuedAt)))], cancellationToken);
}
