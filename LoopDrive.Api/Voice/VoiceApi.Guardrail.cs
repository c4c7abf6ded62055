using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Brands;
using LoopDrive.Core.Voice.Guardrails;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Voice;

internal static partial class VoiceApi
{
    private const int MaxCheckedText = 20_000;

    /// <summary>The guardrails on a text, as compose runs them; no side effects. <c>marketing</c> and <c>firstMessage</c> default to true.</summary>
    public static async Task<Results<Ok<GuardrailCheck>, ValidationProblem, ProblemHttpResult>> Guardrail(
        GuardrailRequest body, FindBrand brands, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("text", body.Text, MaxCheckedText);
        errors.OneOf("channel", body.Channel, VoiceEnums.Channels);
        if (errors.Any) return Problems.Invalid(errors.All);
        var brand = await brands.ResolveAsync(body.BrandId, cancellationToken);
        if (brand is null) return Problems.NotFound("brand");
        var context = new GuardrailContext(BrandProfile.From(brand), body.Channel!, body.Marketing ?? true, body.FirstMessage ?? true);
        return TypedResults.Ok(GuardrailEngine.Check(body.Text!, context));
    }
}
