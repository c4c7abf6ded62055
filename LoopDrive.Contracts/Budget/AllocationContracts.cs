using System.Text.Json;

namespace LoopDrive.Contracts.Budget;

public sealed record BudgetAllocation(
    string Id,
    string WorkspaceId,
    string Status,
    IReadOnlyList<ChannelAllocation> Allocations,
    long TotalBudget,
    DateTimeOffset CreatedAt,
    string? ProfileId = null,
    double? PredictedROAS = null,
    string? ApprovedBy = null,
    DateTimeOffset? ApprovedAt = null,
    DateTimeOffset? ExecutedAt = null,
    DateTimeOffset? CompletedAt = null,
    JsonElement? Metadata = null);

public sealed record AllocationList(IReadOnlyList<BudgetAllocation> Allocations, int Total);

public sealed record ExecuteResult(string ExecutionId);

/// <summary>Body of approve/reject (our routes): who decided, and why for a rejection. Both optional.</summary>
public sealed record AllocationDecision(string? By = null, string? Reason = null);

public sealed record ReconciliationReport(
    string AllocationId,
    string WorkspaceId,
    PeriodRange Period,
    ReconciliationSummary Summary,
    IReadOnlyList<ChannelReconciliation> ByChannel,
    IReadOnlyList<ObjectiveReconciliation> ByObjective,
    ReconciliationPerformance Performance,
    IReadOnlyList<string> Recommendations,
    DateTimeOffset CreatedAt);

public sealed record PeriodRange(DateTimeOffset From, DateTimeOffset To);

public sealed record ReconciliationSummary(long PlannedBudget, long ActualSpend, long Variance, double VariancePercent);

public sealed record EstimatedActual(double Estimated, double Actual);

public sealed record ChannelReconciliation(
    string Channel, long Planned, long Actual, long Variance, EstimatedActual Conversions, EstimatedActual Roas, double Efficiency);

public sealed record ObjectiveReconciliation(
    string Objective, long Planned, long Actual, double Conversions, long Revenue, double CostPerConversion, double Roas);

public sealed record ReconciliationPerformance(
    double ActualROAS, double ActualConversions, double PerformanceScore, double? TargetROAS = null, double? TargetConversions = null);
