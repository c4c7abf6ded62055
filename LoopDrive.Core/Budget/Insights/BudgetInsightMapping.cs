using Wire = LoopDrive.Contracts.Budget;

namespace LoopDrive.Core.Budget.Insights;

public static class BudgetInsightMapping
{
    public static Wire.SpendAlert ToContract(SpendAlert a) => new(
        a.Id, a.WorkspaceId, a.Type, a.Severity, a.Message, a.CurrentSpend, a.Acknowledged, a.CreatedAt,
        a.ThresholdSpend, a.RecommendedAction, a.AcknowledgedBy, a.AcknowledgedAt);
}
