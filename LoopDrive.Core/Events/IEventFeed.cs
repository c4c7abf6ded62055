namespace LoopDrive.Core.Events;

/// <summary>
/// The live feed of committed events (the SSE stream reads it). Published after commit and
/// best-effort: a subscriber that missed something resumes from the database by id.
/// </summary>
public interface IEventFeed
{
    Task PublishAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken);
}
