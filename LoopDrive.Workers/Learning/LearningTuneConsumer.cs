using System.Text.Json;
using LoopDrive.Contracts.Learning;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Learning;
using LoopDrive.Core.Spine;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Learning;

/// <summary>
/// <c>learning.tune</c>: the outcomes of a whole read batch (each message carries an intake
/// transaction's outcomes) applied in the batch's one transaction (the inbox makes a replay a no-op).
/// Entries of the earlier one-outcome message, queued before a deploy, are read as a group of one.
/// </summary>
public sealed class LearningTuneConsumer(ApplyOutcomes apply) : IStreamBatchHandler<LearningOutcomesObserved>, IReadsEarlierMessageTypes
{
    public static string Stream => StreamNames.LearningTune;

    public async Task HandleBatchAsync(IReadOnlyList<StreamMessage<LearningOutcomesObserved>> messages, CancellationToken cancellationToken) =>
        await apply.HandleAsync([.. messages.SelectMany(m => m.Message.Outcomes.Select(o => (o, m.Context.EnqueuedAt)))], cancellationToken);

    public string? Upgrade(string type, string payload) =>
        type == nameof(LearningOutcomeObserved) && JsonSerializer.Deserialize<LearningOutcomeObserved>(payload, Outbox.Json) is { } outcome
            ? JsonSerializer.Serialize(new LearningOutcomesObserved([outcome]), Outbox.Json)
            : null;
}
