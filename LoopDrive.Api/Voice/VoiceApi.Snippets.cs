using LoopDrive.Api.Idempotency;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice.Brands;
using LoopDrive.Core.Voice.Snippets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Voice;

internal static partial class VoiceApi
{
    private static void MapSnippets(RouteGroupBuilder voice)
    {
        voice.MapGet("/snippets", ListSnippets).WithName("ListSnippets");
        voice.MapPost("/snippets", CreateSnippet).WithKeylessDedupe().WithName("CreateSnippet");
        voice.MapPost("/snippets/{id}/usage", RecordSnippetUsage).WithKeylessDedupe().WithName("RecordSnippetUsage");
        voice.MapPatch("/snippets/{id}", UpdateSnippet).WithName("UpdateSnippet");
        voice.MapDelete("/snippets/{id}", DeleteSnippet).WithName("DeleteSnippet");
    }

    /// <summary>A bare array (D22), highest win rate first. Without brandId, the workspace's default brand.</summary>
    public static async Task<Results<Ok<SnippetContract[]>, ValidationProblem, ProblemHttpResult>> ListSnippets(
        string? brandId, string? channel, string? objective, string? usage, double? minWinRate, int? limit,
        FindBrand brands, SnippetLibrary library, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("channel", channel, VoiceEnums.Channels, required: false);
        errors.OneOf("usage", usage, VoiceEnums.SnippetUsages, required: false);
        errors.Between("minWinRate", minWinRate, 0, 1);
        if (objective is { Length: 0 or > 64 }) errors.Add("objective", "1–64 characters.");
        if (limit is < 1 or > Paging.MaxLimit) errors.Add("limit", $"From 1 to {Paging.MaxLimit}.");
        if (errors.Any) return Problems.Invalid(errors.All);
        var brand = await brands.ResolveAsync(brandId, cancellationToken);
        if (brand is null) return Problems.NotFound("brand");
        var snippets = await library.ListAsync(new SnippetLibrary.Filter(brand.Id, channel, objective, usage, minWinRate, Paging.Limit(limit)), cancellationToken);
        return TypedResults.Ok(snippets.Select(s => s.ToContract()).ToArray());
    }

    public static async Task<Results<Created<SnippetContract>, ValidationProblem, ProblemHttpResult>> CreateSnippet(
        SnippetCreate body, FindBrand brands, SnippetLibrary library, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("brandId", body.BrandId, 64);
        errors.OneOf("channel", body.Channel, VoiceEnums.Channels);
        errors.Required("objective", body.Objective, 64);
        errors.Required("snippet", body.Snippet, MaxItemText);
        errors.OneOf("usage", body.Usage, VoiceEnums.SnippetUsages);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await brands.ByIdAsync(body.BrandId!, cancellationToken) is not { } brand) return Problems.NotFound("brand");
        var snippet = await library.CreateAsync(brand.Id, body.Channel!, body.Objective!.Trim().ToLowerInvariant(), body.Snippet!.Trim(), body.Usage!,
            JsonText.From(body.Metadata), cancellationToken);
        return TypedResults.Created($"/api/brand-voice/snippets/{snippet.Id}", snippet.ToContract());
    }

    /// <summary>Our addition: edit text, usage, objective or metadata. New text restarts the win rate unless keepStats.</summary>
    public static async Task<Results<Ok<SnippetContract>, ValidationProblem, ProblemHttpResult>> UpdateSnippet(
        string id, SnippetUpdate body, SnippetLibrary library, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body.Snippet is not null) errors.Required("snippet", body.Snippet, MaxItemText);
        errors.OneOf("usage", body.Usage, VoiceEnums.SnippetUsages, required: false);
        if (body.Objective is not null) errors.Required("objective", body.Objective, 64);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);
        var snippet = await library.UpdateAsync(id, body.Snippet?.Trim(), body.Usage, body.Objective?.Trim().ToLowerInvariant(),
            JsonText.From(body.Metadata), body.KeepStats ?? false, cancellationToken);
        return snippet is null ? Problems.NotFound("snippet") : TypedResults.Ok(snippet.ToContract());
    }

    /// <summary>Our addition: removes the snippet from rotation and answers it as it was.</summary>
    public static async Task<Results<Ok<SnippetContract>, ProblemHttpResult>> DeleteSnippet(string id, SnippetLibrary library, CancellationToken cancellationToken) =>
        await library.DeleteAsync(id, cancellationToken) is { } snippet ? TypedResults.Ok(snippet.ToContract()) : Problems.NotFound("snippet");

    public static async Task<Results<Ok<SnippetContract>, ValidationProblem, ProblemHttpResult>> RecordSnippetUsage(
        string id, SnippetUsageRequest body, SnippetLibrary library, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("outcome", body.Outcome, VoiceEnums.SnippetOutcomes);
        if (errors.Any) return Problems.Invalid(errors.All);
        return await library.RecordUsageAsync(id, body.Outcome == "conversion", cancellationToken) is { } snippet
            ? TypedResults.Ok(snippet.ToContract())
            : Problems.NotFound("snippet");
    }
}
