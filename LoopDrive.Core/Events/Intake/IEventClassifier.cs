using LoopDrive.Contracts.Events;

namespace LoopDrive.Core.Events.Intake;

/// <summary>Topic, intent and sentiment of a person's words.</summary>
public interface IEventClassifier
{
    Task<EventClassification> ClassifyAsync(string text, CancellationToken cancellationToken);

    /// <summary>Several texts, answers in their order. One by one unless a classifier can do better together.</summary>
    async Task<IReadOnlyList<EventClassification>> ClassifyManyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new List<EventClassification>(texts.Count);
        foreach (var text in texts) result.Add(await ClassifyAsync(text, cancellationToken));
        return result;
    }
}
