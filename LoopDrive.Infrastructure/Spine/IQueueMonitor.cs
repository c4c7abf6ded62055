using LoopDrive.Contracts.Spine;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>Health of every stream in <see cref="StreamNames.All"/> plus the outbox backlog.</summary>
public interface IQueueMonitor
{
    /// <remarks>Redis being down is reported per stream as <c>unreachable</c>; PostgreSQL being down throws.</remarks>
    Task<QueueHealth> GetHealthAsync(CancellationToken cancellationToken);
}

public static class QueueStatus
{
    public const string Ok = "ok";
    /// <summary>Warning level: the oldest unhandled entry is older than the stream's warn threshold.</summary>
    public const string Lagging = "lagging";

    /// <summary>The oldest unhandled entry is older than the stream's critical threshold (5 minutes by default).</summary>
    public const string Critical = "critical";
    public const string Unreachable = "unreachable";
}
