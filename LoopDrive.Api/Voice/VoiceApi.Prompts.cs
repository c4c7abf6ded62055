using System.Text.Json;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice.Brands;
using LoopDrive.Core.Voice.Prompts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Voice;

internal static partial class VoiceApi
{
    private const int MaxPromptText = 20_000;

    private static void MapPrompts(RouteGroupBuilder voice)
    {
        // D5: the note's singular path and the SDK's plural one answer the same.
        foreach (var root in new[] { "/prompt", "/prompts" })
        {
            var suffix = root == "/prompt" ? "" : "Plural";
            voice.MapGet(root + "/{useCase}", GetPrompt).WithName("GetPromptPack" + suffix);
            voice.MapGet(root + "/{useCase}/versions", ListPromptVersions).WithName("ListPromptPackVersions" + suffix);
            voice.MapPost(root + "/{useCase}/versions", AddPromptVersion).WithName("AddPromptPackVersion" + suffix);
            voice.MapPost(root + "/{useCase}/versions/{version:int}/activate", ActivatePromptVersion).WithName("ActivatePromptPackVersion" + suffix);
        }
    }

    /// <summary>The active version for the brand (default brand when brandId is absent); version 0 is the shipped default.</summary>
    public static async Task<Results<Ok<PromptPack>, ValidationProblem, ProblemHttpResult>> GetPrompt(
        string useCase, string? brandId, FindBrand brands, PromptPacks packs, CancellationToken cancellationToken)
    {
        if (InvalidUseCase(useCase) is { } invalid) return invalid;
        if (await brands.ResolveAsync(brandId, cancellationToken) is not { } brand) return Problems.NotFound("brand");
        return TypedResults.Ok((await packs.ActiveAsync(brand.Id, useCase, cancellationToken)).ToContract());
    }

    public static async Task<Results<Ok<PromptPackVersions>, ValidationProblem, ProblemHttpResult>> ListPromptVersions(
        string useCase, string? brandId, FindBrand brands, PromptPacks packs, CancellationToken cancellationToken)
    {
        if (InvalidUseCase(useCase) is { } invalid) return invalid;
        if (await brands.ResolveAsync(brandId, cancellationToken) is not { } brand) return Problems.NotFound("brand");
        var versions = await packs.VersionsAsync(brand.Id, useCase, cancellationToken);
        return TypedResults.Ok(new PromptPackVersions([.. versions.Select(v => v.ToContract())], versions.Count));
    }

    public static async Task<Results<Created<PromptPack>, ValidationProblem, ProblemHttpResult>> AddPromptVersion(
        string useCase, PromptPackCreate body, FindBrand brands, PromptPacks packs, IPromptRenderer renderer, CancellationToken cancellationToken)
    {
        if (InvalidUseCase(useCase) is { } invalid) return invalid;
        var errors = new FieldErrors();
        errors.Required("systemPrompt", body.SystemPrompt, MaxPromptText);
        errors.Required("userPromptTemplate", body.UserPromptTemplate, MaxPromptText);
        errors.JsonObject("constraints", body.Constraints);
        if (body.SystemPrompt is { } system && renderer.Validate(system) is { } systemError) errors.Add("systemPrompt", systemError);
        if (body.UserPromptTemplate is { } user && renderer.Validate(user) is { } userError) errors.Add("userPromptTemplate", userError);
        if (body.Examples is { Count: > 20 }) errors.Add("examples", "At most 20 examples.");
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await brands.ResolveAsync(body.BrandId, cancellationToken) is not { } brand) return Problems.NotFound("brand");

        var variables = PromptSections.Variables.Where(v => body.SystemPrompt!.Contains("$" + v, StringComparison.Ordinal)
            || body.UserPromptTemplate!.Contains("$" + v, StringComparison.Ordinal)).ToList();
        var examples = body.Examples is { Count: > 0 } list ? JsonSerializer.Serialize(list, JsonDefaults.Web) : null;
        var version = await packs.AddAsync(brand.Id, useCase, body.SystemPrompt!, body.UserPromptTemplate!, variables, examples,
            JsonText.From(body.Constraints) ?? "{}", body.Activate, cancellationToken);
        return TypedResults.Created($"/api/brand-voice/prompt/{version.UseCase}/versions", version.ToContract());
    }

    /// <summary>Version 0 re-activates the shipped default.</summary>
    public static async Task<Results<Ok<PromptPack>, ValidationProblem, ProblemHttpResult>> ActivatePromptVersion(
        string useCase, int version, string? brandId, FindBrand brands, PromptPacks packs, CancellationToken cancellationToken)
    {
        if (InvalidUseCase(useCase) is { } invalid) return invalid;
        if (version < 0) return Problems.Invalid("version", "0 (the shipped default) or a stored version number.");
        if (await brands.ResolveAsync(brandId, cancellationToken) is not { } brand) return Problems.NotFound("brand");
        return await packs.ActivateAsync(brand.Id, useCase, version, cancellationToken) is { } active
            ? TypedResults.Ok(active.ToContract())
            : Problems.NotFound("prompt pack version");
    }

    private static ValidationProblem? InvalidUseCase(string useCase) =>
        string.IsNullOrWhiteSpace(useCase) || useCase.Length > 64 || !useCase.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? Problems.Invalid("useCase", "1–64 letters, digits, '_' or '-' (e.g. email_nurture).")
            : null;
}
