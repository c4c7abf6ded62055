using System.Text.Json;

namespace LoopDrive.Contracts.Budget;

/// <summary>Body of <c>POST /api/budget/plan</c>. <c>manualSplit</c> (our addition) gives the cents per channel for the <c>manual</c> strategy.</summary>
public sealed record BudgetAllocationRequest(
    string? WorkspaceId,
    string? ProfileId,
    IReadOnlyList<AllocationObjective>? Objectives,
    AllocationConstraints? Constraints,
    string? Strategy = null,
    bool? DryRun = null,
    IReadOnlyDictionary<string, long>? ManualSplit = null);

public sealed record AllocationObjective(string? Type, int? Priority, string? TargetMetric, double? TargetValue = null, double? Weight = null);

public sealed record AllocationConstraints(
    long? TotalBudget,
    string? Period,
    long? MinBudgetPerChannel = null,
    long? MaxBudgetPerChannel = null,
    IReadOnlyDictionary<string, long>? ChannelLimits = null,
    double? MinROAS = null,
    IReadOnlyList<string>? BlacklistChannels = null,
    IReadOnlyList<string>? WhitelistChannels = null,
    double? TestBudgetPercent = null);

public sealed record AllocationPlan(
    string Id,
    string WorkspaceId,
    string RequestId,
    string Strategy,
    IReadOnlyList<ChannelAllocation> Channels,
    long TotalBudget,
    AllocationPredictions Predictions,
    double Confidence,
    string Reasoning,
    string Status,
    DateTimeOffset CreatedAt,
    IReadOnlyList<AllocationPlan>? Alternatives = null,
    string? ApprovedBy = null,
    DateTimeOffset? ApprovedAt = null);

public sealed record ChannelAllocation(
    string Channel,
    string Objective,
    long Budget,
    double EstimatedReach,
    double EstimatedImpressions,
    double EstimatedClicks,
    double EstimatedConversions,
    double EstimatedROAS,
    double Confidence,
    JsonElement? Creative = null,
    JsonElement? Targeting = null);

public sealed record AllocationPredictions(
    double TotalReach,
    double TotalImpressions,
    double TotalClicks,
    double TotalConversions,
    long TotalRevenue,
    double AverageROAS,
    double ModelConfidence,
    string RiskLevel,
    PredictionIntervals? ConfidenceInterval = null);

public sealed record PredictionIntervals(ValueRange Conversions, ValueRange Revenue);

public sealed record ValueRange(double Min, double Max);
