namespace LoopDrive.Core.Budget;

/// <summary>CONTRACT.md §2 AllocationStatus (stored values plus rejected and paused, D26).</summary>
public static class AllocationStatuses
{
    public const string Draft = "draft";
    public const string PendingApproval = "pending_approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Executing = "executing";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All =
        [Draft, PendingApproval, Approved, Rejected, Executing, Paused, Completed, Cancelled];
}
