namespace LoopDrive.Contracts.Learning;

/// <summary>
/// One day of an arm's outcomes: deliveries (trials), wins, negatives, and the posterior mean after that day
/// with its 90 % credible interval (<c>low</c>, <c>high</c>), so a trend can show how sure the loop was each day.
/// </summary>
public sealed record ArmDay(DateOnly Day, double Trials, double Successes, double Penalties, double WinRate, double Low, double High);

/// <summary>A snippet's learned performance: Voice counters, posterior mean and 90 % interval, and its daily history.</summary>
public sealed record SnippetPerformance(
    string SnippetId, string BrandId, string Channel, string Objective, string Usage, int Impressions, int Conversions,
    double WinRate, double Low, double High, IReadOnlyList<ArmDay> Days);

/// <summary>A prompt version's learned performance for one brand × use case × channel.</summary>
public sealed record PromptVersionPerformance(
    string BrandId, string UseCase, string Channel, int Version, double Trials, double Successes, double Penalties,
    double WinRate, double Low, double High, IReadOnlyList<ArmDay> Days);

/// <summary>A topic's weight on one day: the person's own, or the workspace mean with how many people hold it.</summary>
public sealed record TopicWeightPoint(DateOnly Day, string Topic, double Weight, int People);

public sealed record TopicWeightHistory(string? PersonId, IReadOnlyList<TopicWeightPoint> Points);

/// <summary>
/// Engagement by hour of week in the recipient's local time (0 = Monday 00:00) for a person (shrunk toward the population) or
/// the whole workspace, with the best two-hour window and the recommended gap between messages.
/// </summary>
public sealed record SendTimeHeatmap(
    string? PersonId, IReadOnlyList<double> Rates, IReadOnlyList<double> Trials, int BestStartHourOfWeek, double BestRate, double Lift,
    double RecommendedGapHours, double Sends, double Engagements);

public sealed record LoopHealthMinute(DateTimeOffset Minute, long Processed, long Dropped, long Ignored, double MeanLagMs, double MaxLagMs);

/// <summary>The loop over a window: outcomes processed, dropped (unknown or erased person), ignored (machine opens, untied), lag, and what waits in the outbox.</summary>
public sealed record LoopHealth(
    DateTimeOffset From, DateTimeOffset To, long Processed, long Dropped, long Ignored, double MeanLagMs, double MaxLagMs, long Pending,
    DateTimeOffset? LastProcessedAt, IReadOnlyList<LoopHealthMinute> Minutes);
