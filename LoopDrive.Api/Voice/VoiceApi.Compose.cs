using System.Security.Claims;
using System.Text.Json;
using LoopDrive.Api.People;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Guardrails;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Voice;

internal static partial class VoiceApi
{
    private const int MaxDraft = 10_000;

    private static void MapCompose(RouteGroupBuilder voice) =>
        voice.MapPost("/compose", Compose).WithName("ComposeMessage");

    /// <summary>
    /// Both result shapes (D4). <c>context.offer</c>, <c>context.link</c> and
    /// <c>constraints.linkUrl</c> are the caller's decisions; <c>context.inbound</c> /
    /// <c>context.reply</c> is customer text, used as quoted data only. <c>purpose=preview</c>
    /// composes without consent (nothing may be sent from it).
    /// </summary>
    public static async Task<Results<Ok<ComposeResult>, ValidationProblem, ProblemHttpResult>> Compose(
        ComposeRequest body, ClaimsPrincipal user, ComposeMessage compose, CancellationToken cancellationToken)
    {
        if (PersonApi.WorkspaceMismatch(body.WorkspaceId, user) is { } forbidden) return forbidden;
        var errors = new FieldErrors();
        errors.OneOf("channel", body.Channel, VoiceEnums.Channels);
        errors.Required("objective", body.Objective, 64);
        if (body.Objective is { Length: > 0 } objective && !objective.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            errors.Add("objective", "A lower-case ObjectiveType (e.g. nurture, demo_book) or a free lower_snake_case string.");
        errors.Required("personId", body.PersonId, 64);
        errors.OneOf("purpose", body.Purpose, VoiceEnums.Purposes, required: false);
        errors.JsonObject("context", body.Context);
        if (body.Draft is not null && (string.IsNullOrWhiteSpace(body.Draft) || body.Draft.Length > MaxDraft))
            errors.Add("draft", $"When given, 1–{MaxDraft} characters of text to rework.");
        var c = body.Constraints ?? new ComposeConstraints();
        if (c.MaxVariants is < 1 or > 5) errors.Add("constraints.maxVariants", "From 1 to 5.");
        if (body.Channel is { } channel && VoiceEnums.Channels.Contains(channel))
        {
            var minimum = GuardrailThresholds.MinimumMaxChars(channel);
            if (c.MaxChars is { } maxChars && maxChars < minimum) errors.Add("constraints.maxChars", $"At least {minimum} on {channel}.");
            if (c.MaxLength is { } maxLength && maxLength < minimum) errors.Add("constraints.maxLength", $"At least {minimum} on {channel}.");
        }
        if (c.MinLength is < 0) errors.Add("constraints.minLength", "Zero or more.");
        errors.OneOf("constraints.urgency", c.Urgency, VoiceEnums.Urgencies, required: false);
        errors.OneOf("constraints.ctaStyle", c.CtaStyle, VoiceEnums.CtaStyles, required: false);
        errors.OneOf("constraints.personalization", c.Personalization, VoiceEnums.Personalizations, required: false);
        if (c.Tone is { } tone && (tone.Trim().Length is 0 or > 50)) errors.Add("constraints.tone", "1–50 characters.");
        var offer = ContextString(body.Context, "offer", 200, errors);
        var link = ContextString(body.Context, "link", 2_000, errors);
        var inbound = ContextString(body.Context, "inbound", 5_000, errors) ?? ContextString(body.Context, "reply", 5_000, errors);
        foreach (var (field, url) in new[] { ("constraints.linkUrl", c.LinkUrl), ("context.link", link) })
        {
            if (url is not null && LinkScanner.Find(url) is not [{ Host: not null } found] || url is not null && LinkScanner.Find(url)[0].Url != url.Trim())
                errors.Add(field, "An absolute https URL.");
        }
        if (errors.Any) return Problems.Invalid(errors.All);

        var input = new ComposeInput(body.BrandId, body.Channel!, body.Objective!, body.PersonId!, c, body.Purpose ?? "send",
            body.Draft?.Trim(), inbound, offer, link?.Trim() ?? c.LinkUrl?.Trim(), body.Seed);
        if (input.Link is { } decided && LinkScanner.Problem(LinkScanner.Find(decided)[0], []) is { } linkProblem)
            return Problems.Invalid(c.LinkUrl is null ? "context.link" : "constraints.linkUrl", $"The link {linkProblem}.");

        var outcome = await compose.HandleAsync(input, cancellationToken);
        return outcome switch
        {
            ComposeOutcome.Composed composed => TypedResults.Ok(composed.Result),
            ComposeOutcome.PersonNotFound => Problems.NotFound("person"),
            ComposeOutcome.BrandNotFound => Problems.NotFound("brand"),
            ComposeOutcome.NoConsent refused => Problems.Unprocessable(refused.Decision.Reason,
                refused.Decision.Detail + " Compose with purpose=preview to draft without sending."),
            _ => throw new InvalidOperationException("Unknown compose outcome."),
        };
    }

    private static string? ContextString(JsonElement? context, string name, int maxLength, FieldErrors errors)
    {
        if (context is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Trim().Length is 0 || value.GetString()!.Length > maxLength)
        {
            errors.Add("context." + name, $"When given, a string of 1–{maxLength} characters.");
            return null;
        }
        return value.GetString()!.Trim();
    }
}
