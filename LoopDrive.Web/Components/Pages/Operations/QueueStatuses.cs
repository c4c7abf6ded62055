namespace LoopDrive.Web.Components.Pages.Operations;

/// <summary>The <c>status</c> values <c>GET /api/ops/queues</c> reports per stream.</summary>
public static class QueueStatuses
{
    public const string Ok = "ok";
    public const string Lagging = "lagging";
    public const string Critical = "critical";
    public const string Unreachable = "unreachable";
}
