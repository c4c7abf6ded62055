using System.Security.Claims;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Learning.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Learning;

/// <summary>
/// The learning loop's read models (our additions under <c>/api/learning</c>): snippet and prompt-version
/// performance over time, topic weight history, send-time heatmaps and loop health. Read-only; windows
/// default to the last 30 days (health: the last hour) and may span at most 366 days.
/// </summary>
internal static class LearningApi
{
    private const int MaxDays = 366;

    public static RouteGroupBuilder MapLearningApi(this RouteGroupBuilder api)
    {
        var learning = api.MapGroup("/learning").WithTags("Learning");
        learning.MapGet("/snippets", Snippets).WithName("LearningSnippetPerformance")
            .WithSummary("Snippet win rates with 90 % intervals and their daily history.");
        learning.MapGet("/prompt-versions", PromptVersions).WithName("LearningPromptVersionPerformance")
            .WithSummary("Prompt versions compared per brand × use case × channel, with daily history.");
        learning.MapGet("/topics", Topics).WithName("LearningTopicWeightHistory")
            .WithSummary("Topic weights per day for a person, or the workspace mean per topic.");
        learning.MapGet("/send-times", SendTimes).WithName("LearningSendTimeHeatmap")
            .WithSummary("Engagement by hour of week in each recipient's local time, best window and recommended gap, for a person or the workspace.");
        learning.MapGet("/health", Health).WithName("LearningLoopHealth")
            .WithSummary("Outcomes processed, dropped and ignored, lag, and outcomes waiting in the outbox.");
        return api;
    }

    public static async Task<Results<Ok<SnippetPerformance[]>, ValidationProblem>> Snippets(
        string? brandId, string? channel, DateOnly? from, DateOnly? to, int? limit, TimeProvider clock, SnippetPerformanceReport report,
        CancellationToken cancellationToken)
    {
        if (Window(from, to, clock) is not ({ } start, { } end)) return Problems.Invalid("from", $"Must not be after to, and the window at most {MaxDays} days.");
        if (limit is < 1 or > 200) return Problems.Invalid("limit", "Must be between 1 and 200.");
        return TypedResults.Ok((await report.HandleAsync(brandId, channel, start, end, limit ?? 50, cancellationToken)).ToArray());
    }

    public static async Task<Results<Ok<PromptVersionPerformance[]>, ValidationProblem>> PromptVersions(
        string? brandId, string? useCase, string? channel, DateOnly? from, DateOnly? to, TimeProvider clock, PromptPerformanceReport report,
        CancellationToken cancellationToken)
    {
        if (Window(from, to, clock) is not ({ } start, { } end)) return Problems.Invalid("from", $"Must not be after to, and the window at most {MaxDays} days.");
        return TypedResults.Ok((await report.HandleAsync(brandId, useCase?.Trim().ToLowerInvariant(), channel, start, end, cancellationToken)).ToArray());
    }

    public static async Task<Results<Ok<TopicWeightHistory>, ValidationProblem>> Topics(
        string? personId, string? topic, DateOnly? from, DateOnly? to, TimeProvider clock, TopicHistoryReport report, CancellationToken cancellationToken)
    {
        if (Window(from, to, clock) is not ({ } start, { } end)) return Problems.Invalid("from", $"Must not be after to, and the window at most {MaxDays} days.");
        return TypedResults.Ok(await report.HandleAsync(personId, topic, start, end, cancellationToken));
    }

    public static async Task<Ok<SendTimeHeatmap>> SendTimes(string? personId, SendTimeReport report, CancellationToken cancellationToken) =>
        TypedResults.Ok(await report.HandleAsync(personId, cancellationToken));

    public static async Task<Results<Ok<LoopHealth>, ValidationProblem>> Health(
        DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, TimeProvider clock, LoopHealthReport report, CancellationToken cancellationToken)
    {
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddHours(-1);
        if (start > end || end - start > TimeSpan.FromDays(MaxDays)) return Problems.Invalid("from", $"Must not be after to, and the window at most {MaxDays} days.");
        return TypedResults.Ok(await report.HandleAsync(user.WorkspaceId(), start, end, cancellationToken));
    }

    private static (DateOnly, DateOnly)? Window(DateOnly? from, DateOnly? to, TimeProvider clock)
    {
        var end = to ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = from ?? end.AddDays(-30);
        return start > end || end.DayNumber - start.DayNumber > MaxDays ? null : (start, end);
    }
}
