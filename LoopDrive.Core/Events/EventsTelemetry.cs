using System.Diagnostics.Metrics;
using LoopDrive.Core.Common;

namespace LoopDrive.Core.Events;

/// <summary>The single-event group commit's metrics, meter <c>LoopDrive.Events</c> (<see cref="GroupCommitTelemetry"/>).</summary>
public static class EventsTelemetry
{
    public const string Name = EventGroupCommit.TelemetryName;

    internal static readonly GroupCommitTelemetry GroupCommit = new(new Meter(Name), "loopdrive.events.group_commit", "commit", "event",
        "One group commit: connection, the insert statement, the outbox rows and the commit.");
}
