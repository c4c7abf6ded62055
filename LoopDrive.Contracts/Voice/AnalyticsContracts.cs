namespace LoopDrive.Contracts.Voice;

public sealed record AlignmentRequest(string? Text, string? BrandId);

/// <summary>Score 0–1 (our choice) with concrete feedback lines.</summary>
public sealed record AlignmentResult(double Score, IReadOnlyList<string> Feedback);

public sealed record VoiceAnalytics(
    string BrandId,
    AnalyticsPeriod Period,
    IReadOnlyDictionary<string, ChannelVoiceStats> ByChannel,
    IReadOnlyDictionary<string, ObjectiveVoiceStats> ByObjective,
    ExperimentStats Experiments,
    GuardrailStats Guardrails);

public sealed record AnalyticsPeriod(DateTimeOffset From, DateTimeOffset To);

public sealed record ChannelVoiceStats(int MessagesGenerated, double AvgBrandAlignment, double AvgSentiment, double ConversionRate, IReadOnlyList<string> TopPerformingSnippets);

public sealed record ObjectiveVoiceStats(int MessagesGenerated, double ConversionRate, double AvgResponseTime);

public sealed record ExperimentStats(int Active, int Completed, double AvgLift);

public sealed record GuardrailStats(int TotalChecks, int Violations, int Warnings, IReadOnlyList<ViolationCount> TopViolations);

public sealed record ViolationCount(string Type, int Count);
