using System.Text.Json;

namespace LoopDrive.Contracts.Budget;

public sealed record BudgetProfile(
    string Id,
    string WorkspaceId,
    string Name,
    IReadOnlyList<string> Objectives,
    JsonElement Constraints,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    JsonElement? Metadata = null);

public sealed record ProfileCreate(string? WorkspaceId, string? Name, IReadOnlyList<string>? Objectives, AllocationConstraints? Constraints, JsonElement? Metadata = null);

public sealed record SpendAlert(
    string Id,
    string WorkspaceId,
    string Type,
    string Severity,
    string Message,
    long CurrentSpend,
    bool Acknowledged,
    DateTimeOffset CreatedAt,
    long? ThresholdSpend = null,
    string? RecommendedAction = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? AcknowledgedAt = null);

public sealed record BudgetRecommendation(
    string Type,
    double CurrentValue,
    double RecommendedValue,
    string ExpectedImpact,
    double Confidence,
    string Reasoning,
    string? Channel = null,
    string? Objective = null);

public sealed record BudgetDashboard(
    string WorkspaceId,
    PeriodRange Period,
    DashboardSummary Summary,
    DashboardTrends Trends,
    IReadOnlyList<SpendAlert> Alerts,
    IReadOnlyList<BudgetRecommendation> Recommendations);

public sealed record DashboardSummary(
    long TotalAllocated, long TotalSpent, long RemainingBudget, int ActiveAllocations, double AvgROAS, string TopChannel, string TopObjective);

public sealed record DashboardTrends(
    IReadOnlyList<DatedAmount> SpendOverTime, IReadOnlyList<DatedValue> RoasOverTime, IReadOnlyList<ChannelConversions> ConversionsByChannel);

public sealed record DatedAmount(string Date, long Amount);

public sealed record DatedValue(string Date, double Value);

public sealed record ChannelConversions(string Channel, double Conversions);

public sealed record ChannelPerformanceHistory(
    string Channel,
    string Objective,
    IReadOnlyList<PerformancePoint> DataPoints,
    PerformanceTrends Trends,
    IReadOnlyDictionary<string, double>? Seasonality = null);

public sealed record PerformancePoint(
    string Date, long Spend, long Impressions, long Clicks, double Conversions, long Revenue, double Ctr, double Cvr, double Roas);

/// <summary>Each trend is the slope per day over the window (cents for the cost figures), so its sign says the direction.</summary>
public sealed record PerformanceTrends(double CostPerImpression, double CostPerClick, double CostPerConversion, double ConversionRate, double Roas);
