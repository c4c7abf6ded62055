using System.Text.Json;
using Wire = LoopDrive.Contracts.Budget;

namespace LoopDrive.Core.Budget.Allocation;

/// <summary>Planner results and stored allocations in the contract's shapes (CONTRACT.md §6).</summary>
public static class PlanMapping
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static Wire.AllocationPlan ToContract(this PlanOutcome plan, string id, string workspaceId, string requestId, string status,
        DateTimeOffset createdAt, IReadOnlyList<Wire.AllocationPlan>? alternatives = null) => new(
        id, workspaceId, requestId, plan.Strategy,
        [.. plan.Channels.Select(ToContract)],
        plan.TotalBudget,
        new Wire.AllocationPredictions(plan.Reach, plan.Impressions, plan.Clicks, plan.Conversions, (long)Math.Round(plan.Revenue),
            plan.Roas, plan.Confidence, plan.RiskLevel,
            new Wire.PredictionIntervals(new(plan.ConversionsInterval.Low, plan.ConversionsInterval.High),
                new(Math.Round(plan.RevenueInterval.Low), Math.Round(plan.RevenueInterval.High)))),
        plan.Confidence, plan.Reasoning, status, createdAt, alternatives);

    public static Wire.ChannelAllocation ToContract(this ChannelPlan c) => new(
        c.Channel, c.Objective, c.Budget, Math.Round(c.Reach), Math.Round(c.Impressions), Math.Round(c.Clicks),
        Math.Round(c.Conversions, 2), Math.Round(c.Roas, 3), Math.Round(c.Confidence, 3));

    public static Wire.BudgetAllocation ToContract(this BudgetAllocation a) => new(
        a.Id, a.WorkspaceId, a.Status, Channels(a), a.TotalBudget, a.CreatedAt, a.ProfileId, a.PredictedRoas, a.ApprovedBy,
        a.ApprovedAt, a.ExecutedAt, a.CompletedAt, a.Metadata is null ? null : JsonDocument.Parse(a.Metadata).RootElement.Clone());

    public static IReadOnlyList<Wire.ChannelAllocation> Channels(BudgetAllocation a) =>
        JsonSerializer.Deserialize<List<Wire.ChannelAllocation>>(a.Allocations, Json) ?? [];

    /// <summary>Plan status from the allocation's: a plan past approval reads as approved.</summary>
    public static string PlanStatus(string allocationStatus) => allocationStatus switch
    {
        AllocationStatuses.Draft or AllocationStatuses.PendingApproval or AllocationStatuses.Rejected => allocationStatus,
        _ => AllocationStatuses.Approved,
    };
}
