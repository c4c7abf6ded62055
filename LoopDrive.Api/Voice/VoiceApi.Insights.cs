using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Brands;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Voice;

internal static partial class VoiceApi
{
    private static void MapInsights(RouteGroupBuilder voice)
    {
        voice.MapPost("/test-alignment", TestAlignment).WithName("TestBrandAlignment");
        voice.MapGet("/{brandId}/analytics", Analytics).WithName("VoiceAnalytics");
    }

    public static async Task<Results<Ok<AlignmentResult>, ValidationProblem, ProblemHttpResult>> TestAlignment(
        AlignmentRequest body, FindBrand brands, AlignmentScorer scorer, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("text", body.Text, MaxCheckedText);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await brands.ResolveAsync(body.BrandId, cancellationToken) is not { } brand) return Problems.NotFound("brand");
        var result = await scorer.ScoreAsync(BrandProfile.From(brand), brand.UpdatedAt, body.Text!, cancellationToken);
        return TypedResults.Ok(new AlignmentResult(result.Score, result.Feedback));
    }

    /// <summary>Default period: the last 30 days up to now.</summary>
    public static async Task<Results<Ok<VoiceAnalytics>, ValidationProblem, ProblemHttpResult>> Analytics(
        string brandId, DateTimeOffset? from, DateTimeOffset? to, FindBrand brands, VoiceAnalyticsReport report, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start >= end) return Problems.Invalid("from", "Must be before to.");
        if (end - start > TimeSpan.FromDays(366)) return Problems.Invalid("to", "The period may span at most 366 days.");
        if (await brands.ByIdAsync(brandId, cancellationToken) is not { } brand) return Problems.NotFound("brand");
        return TypedResults.Ok(await report.HandleAsync(brand.Id, start, end, cancellationToken));
    }
}
