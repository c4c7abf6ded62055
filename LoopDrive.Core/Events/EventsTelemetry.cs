using System.Diagnostics.Metrics;

namespace LoopDrive.Core.Events;

/// <summary>
/// The single-event group commit's metrics, meter <c>LoopDrive.Events</c>: how many events share
/// each commit, how long an event waits for a writer, and how long the writer's store and commit
/// take. Next to a request's own latency they split it into queueing, the commit and handing the
/// answer back to the request. No tags: workspaces and people stay out of metrics.
/// </summary>
public static class EventsTelemetry
{
    public const string Name = EventGroupCommit.TelemetryName;

    private static readonly Meter Meter = new(Name);

    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "loopdrive.events.group_commit.batch_size", "{event}", "Single events sharing one group commit.");

    internal static readonly Histogram<double> Queued = Meter.CreateHistogram<double>(
        "loopdrive.events.group_commit.queued", "ms", "From a single event's arrival until a writer takes it.");

    internal static readonly Histogram<double> Commit = Meter.CreateHistogram<double>(
        "loopdrive.events.group_commit.commit", "ms", "One group commit: connection, the insert statement, the outbox rows and the commit.");
}
