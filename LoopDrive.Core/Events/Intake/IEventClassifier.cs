using LoopDrive.Contracts.Events;

namespace LoopDrive.Core.Events.Intake;

/// <summary>Topic, intent and sentiment of a person's words.</summary>
public interface IEventClassifier
{
    Task<EventClassification> ClassifyAsync(string text, CancellationToken cancellationToken);
}
