namespace LoopDrive.Contracts.Spine;

/// <summary>
/// Health of one stream of the spine, as <c>GET /api/ops/queues</c> reports it.
/// <c>status</c> is <c>ok</c>, <c>lagging</c> (oldest pending entry older than the stream's warning
/// threshold), <c>critical</c> (older than its critical threshold, 5 minutes by default) or <c>unreachable</c>.
/// </summary>
public sealed record QueueStats(
    string Stream,
    long Length,
    long Pending,
    long OldestPendingAgeMs,
    long DeadLetters,
    int Consumers,
    string Status);

/// <summary>All streams plus the outbox rows not yet handed to Redis.</summary>
public sealed record QueueHealth(
    IReadOnlyList<QueueStats> Queues,
    long OutboxBacklog,
    long OutboxOldestAgeMs,
    DateTimeOffset MeasuredAt);
