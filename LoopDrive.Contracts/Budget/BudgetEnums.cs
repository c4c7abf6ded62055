namespace LoopDrive.Contracts.Budget;

/// <summary>The enums of CONTRACT.md §2 the budget area accepts and emits, spelled exactly.</summary>
public static class BudgetEnums
{
    public static readonly IReadOnlyList<string> Channels =
        ["email", "sms", "instagram", "facebook", "x", "reddit", "whatsapp", "tiktok", "youtube", "linkedin", "site"];

    public static readonly IReadOnlyList<string> ObjectiveTypes =
        ["nurture", "winback", "demo_book", "upsell", "cross_sell", "onboard", "support", "education"];

    public static readonly IReadOnlyList<string> Strategies = ["bandit", "proportional", "equal", "manual", "optimizer"];

    public static readonly IReadOnlyList<string> TargetMetrics = ["leads", "conversions", "roas", "engagement", "reach"];

    public static readonly IReadOnlyList<string> Periods = ["daily", "weekly", "monthly", "campaign"];

    public static readonly IReadOnlyList<string> AllocationStatuses =
        ["draft", "pending_approval", "approved", "rejected", "executing", "paused", "completed", "cancelled"];
}
