namespace LoopDrive.Contracts.Spine;

/// <summary>
/// A spine self-test: <c>POST /api/ops/pings</c> writes a ping and its outbox entry in one
/// transaction; a worker consumes it from the <c>ops.ping</c> stream and marks it handled.
/// <c>handledCount</c> above 1 would mean an effect ran twice; it must stay 1. <c>handledBy</c> is
/// the consumer name of the worker replica that handled it.
/// </summary>
public sealed record Ping(
    string Id,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? HandledAt,
    int HandledCount,
    double? HandOffMs,
    string? HandledBy = null);

public static class PingStatus
{
    public const string Pending = "pending";
    public const string Handled = "handled";
}
