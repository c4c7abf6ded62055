namespace LoopDrive.Contracts.Sends;

/// <summary>
/// Our addition for the dashboard's compliance view: how many sends the gate skipped, per reason
/// code and channel, over a range.
/// </summary>
public sealed record SkipReasonSummary(IReadOnlyList<SkipReasonCount> Reasons, int Total, DateTimeOffset From, DateTimeOffset To);

public sealed record SkipReasonCount(string Code, string Channel, int Count, DateTimeOffset LastAt);

/// <summary>The statuses a send shows to callers (contract §5 plus <c>skipped</c>, <c>cancelled</c> and <c>unknown</c>).</summary>
public static class SendLogStatuses
{
    public static readonly IReadOnlyList<string> All =
        ["queued", "sent", "delivered", "opened", "clicked", "replied", "failed", "skipped", "cancelled", "unknown"];
}
