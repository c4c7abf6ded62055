namespace LoopDrive.Core.Budget.Allocation;

/// <summary>Observed outcomes of one channel over the learning window (attributed conversions and revenue, spend in cents).</summary>
public sealed record ChannelOutcomes(long Spend, long Impressions, long Clicks, double Conversions, long Revenue);

public sealed record PlanObjective(string Type, int Priority, string TargetMetric, double? TargetValue, double? Weight);

public sealed record PlanConstraints(
    long TotalBudget,
    string Period,
    long? MinPerChannel,
    long? MaxPerChannel,
    IReadOnlyDictionary<string, long> ChannelLimits,
    double? MinRoas,
    IReadOnlyList<string> Blacklist,
    IReadOnlyList<string>? Whitelist,
    double TestBudgetPercent);

/// <summary>Everything a plan is computed from; the planner itself does no I/O.</summary>
public sealed record PlanInput(
    string Strategy,
    IReadOnlyList<PlanObjective> Objectives,
    PlanConstraints Constraints,
    IReadOnlyDictionary<string, ChannelOutcomes> History,
    IReadOnlyDictionary<string, long> Reachable,
    IReadOnlyDictionary<string, long>? ManualSplit = null,
    int Samples = 10_000,
    int Seed = 0);

public sealed record ChannelPlan(
    string Channel,
    string Objective,
    long Budget,
    double Reach,
    double Impressions,
    double Clicks,
    double Conversions,
    double Revenue,
    double Roas,
    double Confidence);

public sealed record PlanOutcome(
    string Strategy,
    IReadOnlyList<ChannelPlan> Channels,
    long TotalBudget,
    double Reach,
    double Impressions,
    double Clicks,
    double Conversions,
    double Revenue,
    double Roas,
    double Confidence,
    string RiskLevel,
    (double Low, double High) ConversionsInterval,
    (double Low, double High) RevenueInterval,
    string Reasoning,
    /// <summary>Per channel: the cap it could absorb and the floor it had to get, for constraint feedback.</summary>
    IReadOnlyDictionary<string, (long Min, long Max)> Bounds);

/// <summary>A plan that cannot meet its constraints; <see cref="Constraint"/> names the one that fails.</summary>
public sealed record PlanRefusal(string Constraint, string Reason);
