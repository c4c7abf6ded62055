using LoopDrive.Contracts.Budget;
using LoopDrive.Web.Components.Pages.Budget;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Budget;

/// <summary>Budget contract records shaped like real API answers.</summary>
public static class BudgetSamples
{
    private static readonly DateTimeOffset Now = ContractSamples.Now;

    public static AllocationPredictions Predictions(double conversions = 12.5, long revenue = 62_500) =>
        new(1_000, 20_000, 600, conversions, revenue, 2.5, 0.7, "medium");

    public static AllocationPlan Plan(string id = "alloc_01", string strategy = "bandit", long email = 6_000, long sms = 4_000, double conversions = 12.5) =>
        new(id, "ws_01demo", "req_01", strategy,
            [Channel("email", email), Channel("sms", sms)],
            email + sms, Predictions(conversions), 0.7, "email has the best value per cent; sms takes the rest.", "pending_approval", Now);

    public static ChannelAllocation Channel(string channel, long budget) => new(channel, "nurture", budget, 100, 2_000, 60, 1.2, 2.5, 0.7);

    public static PlannedBudget Planned() => new(Plan(), Request());

    public static BudgetAllocationRequest Request() =>
        new(null, null, [new AllocationObjective("nurture", 1, "conversions")], new AllocationConstraints(10_000, "monthly"), "bandit");

    public static BudgetAllocation Allocation(string id = "alloc_01", string status = "approved") =>
        new(id, "ws_01demo", status, [Channel("email", 6_000), Channel("sms", 4_000)], 10_000, Now, ApprovedBy: status == "approved" ? "key_01" : null);

    public static Wallet Wallet(long balance = 25_000) =>
        new("wal_01", "ws_01demo", "org_01demo", balance, "usd", "active", false, Now.AddDays(-3), Now);

    public static BudgetDashboard Dashboard(params SpendAlert[] alerts) =>
        new("ws_01demo", new PeriodRange(Now.AddDays(-2), Now),
            new DashboardSummary(10_000, 2_500, 7_500, 1, 2.1, "email", "nurture"),
            new DashboardTrends(
                [new DatedAmount("2025-11-18", 1_000), new DatedAmount("2025-11-19", 500), new DatedAmount("2025-11-20", 1_000)],
                [new DatedValue("2025-11-20", 2.1)],
                [new ChannelConversions("email", 4), new ChannelConversions("sms", 1)]),
            alerts, []);

    public static SpendAlert Alert(string id = "alert_01") =>
        new(id, "ws_01demo", "pace_high", "high", "Spend is running ahead of plan", 2_500, false, Now, 2_000, "Pause sms");
}
