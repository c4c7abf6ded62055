using LoopDrive.Api.Idempotency;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Data;
using LoopDrive.Core.Voice.Brands;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Api.Voice;

/// <summary>
/// Brand voice (CONTRACT.md §4): brands (our addition), compose, guardrails, prompt packs,
/// snippets, alignment and analytics. The SDK's root paths (D2, D5) reach these through SdkAliases.
/// </summary>
internal static partial class VoiceApi
{
    private const int MaxListItems = 200;
    private const int MaxItemText = 2_000;

    public static RouteGroupBuilder MapVoiceApi(this RouteGroupBuilder api)
    {
        var voice = api.MapGroup("/brand-voice").WithTags("Brand voice");
        voice.MapGet("/brands", ListBrands).WithName("ListBrands");
        voice.MapPost("/brands", CreateBrand).WithKeylessDedupe().WithName("CreateBrand");
        voice.MapGet("/brands/{id}", GetBrand).WithName("GetBrand");
        voice.MapPut("/brands/{id}", UpdateBrand).WithName("UpdateBrand");
        voice.MapPost("/guardrail", Guardrail).WithName("CheckGuardrails");
        MapSnippets(voice);
        MapPrompts(voice);
        MapCompose(voice);
        MapInsights(voice);
        return api;
    }

    public static async Task<Ok<BrandList>> ListBrands(LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var brands = await db.Brands.AsNoTracking().OrderByDescending(b => b.IsDefault).ThenBy(b => b.CreatedAt).Take(MaxListItems).ToListAsync(cancellationToken);
        return TypedResults.Ok(new BrandList([.. brands.Select(b => b.ToContract())], brands.Count));
    }

    public static async Task<Results<Ok<BrandContract>, ProblemHttpResult>> GetBrand(string id, FindBrand find, CancellationToken cancellationToken) =>
        await find.ByIdAsync(id, cancellationToken) is { } brand ? TypedResults.Ok(brand.ToContract()) : Problems.NotFound("brand");

    public static async Task<Results<Created<BrandContract>, ValidationProblem>> CreateBrand(BrandUpsert body, SaveBrand save, CancellationToken cancellationToken)
    {
        var errors = Validate(body, creating: true);
        if (errors.Any) return Problems.Invalid(errors.All);
        var brand = await save.CreateAsync(ToInput(body), cancellationToken);
        return TypedResults.Created($"/api/brand-voice/brands/{brand.Id}", brand.ToContract());
    }

    public static async Task<Results<Ok<BrandContract>, ValidationProblem, ProblemHttpResult>> UpdateBrand(
        string id, BrandUpsert body, SaveBrand save, CancellationToken cancellationToken)
    {
        var errors = Validate(body, creating: false);
        if (errors.Any) return Problems.Invalid(errors.All);
        return await save.UpdateAsync(id, ToInput(body), cancellationToken) is { } brand ? TypedResults.Ok(brand.ToContract()) : Problems.NotFound("brand");
    }

    private static FieldErrors Validate(BrandUpsert body, bool creating)
    {
        var errors = new FieldErrors();
        if (creating || body.Name is not null) errors.Required("name", body.Name, 200);
        if (body.Tone is { } tone && (tone.Trim().Length is 0 or > 50)) errors.Add("tone", "1–50 characters (e.g. friendly, professional).");
        if (body.Audience is { Length: > 500 }) errors.Add("audience", "At most 500 characters.");
        List("preferredVocabulary", body.PreferredVocabulary, errors);
        List("avoidVocabulary", body.AvoidVocabulary, errors);
        List("bannedPhrases", body.BannedPhrases, errors);
        List("competitors", body.Competitors, errors);
        List("exemplars", body.Exemplars, errors);
        List("allowedLinkDomains", body.AllowedLinkDomains, errors);
        foreach (var domain in body.AllowedLinkDomains ?? [])
        {
            if (Uri.CheckHostName(domain.Trim()) != UriHostNameType.Dns || !domain.Contains('.'))
                errors.Add("allowedLinkDomains", $"\"{domain}\" is not a domain name (e.g. example.com).");
        }
        foreach (var channel in body.RequiredDisclaimers?.Keys ?? [])
            errors.OneOf("requiredDisclaimers", channel, VoiceEnums.Channels);
        return errors;
    }

    private static void List(string field, IReadOnlyList<string>? values, FieldErrors errors)
    {
        if (values is null) return;
        if (values.Count > MaxListItems) errors.Add(field, $"At most {MaxListItems} entries.");
        if (values.Any(v => v is null || v.Length > MaxItemText)) errors.Add(field, $"Entries must be strings of at most {MaxItemText} characters.");
    }

    private static BrandInput ToInput(BrandUpsert b) => new(b.Name, b.Tone, b.Audience, b.PreferredVocabulary, b.AvoidVocabulary,
        b.BannedPhrases, b.Competitors, b.RequiredDisclaimers, b.AllowedLinkDomains, b.Exemplars, b.IsDefault);
}
