namespace LoopDrive.Core.Sends;

/// <summary>
/// Send states. The contract's values plus <c>skipped</c> (the gate refused: a reason is recorded),
/// <c>deferred</c> (waiting for quiet hours to end or a platform window) and <c>unknown</c> (the
/// provider may have accepted it but the result was never recorded: reconcile, never resend).
/// </summary>
public static class SendStatuses
{
    public const string Queued = "queued";
    public const string Deferred = "deferred";
    public const string Dispatching = "dispatching";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
    public const string Replied = "replied";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Cancelled = "cancelled";
    public const string Unknown = "unknown";

    /// <summary>States from which the send may still be dispatched.</summary>
    public static readonly string[] Pending = [Queued, Deferred];

    public static readonly string[] Final = [Failed, Skipped, Cancelled];

    /// <summary>Forward order of tracking states: a late "delivered" never overwrites "clicked".</summary>
    public static int Rank(string status) => status switch
    {
        Queued or Deferred => 0,
        Dispatching => 1,
        Unknown => 2,
        Sent => 3,
        Delivered => 4,
        Opened => 5,
        Clicked => 6,
        Replied => 7,
        _ => 8,
    };
}
