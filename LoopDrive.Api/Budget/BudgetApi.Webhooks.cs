using System.Text;
using LoopDrive.Infrastructure.Budget;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Budget;

internal static partial class BudgetApi
{
    private const long MaxWebhookBytes = 256 * 1024;

    private static void MapWebhooks(RouteGroupBuilder budget) =>
        budget.MapPost("/webhooks/stripe", StripeWebhook).AllowAnonymous().WithName("StripeWebhook");

    /// <summary>
    /// Stripe's deliveries. The signature covers the exact bytes, so the body is read raw, never
    /// re-serialized. Forged or stale → 401 and nothing stored; a replay of an applied event → 200, ignored.
    /// </summary>
    public static async Task<Results<Ok<WebhookAck>, ProblemHttpResult>> StripeWebhook(
        HttpRequest request, StripeWebhookReceiver receiver, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxWebhookBytes)
            return TypedResults.Problem(statusCode: 413, title: "Payload too large", detail: "Stripe events are small.");
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var payload = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var outcome = await receiver.ReceiveAsync(payload, request.Headers["Stripe-Signature"], cancellationToken);
        return outcome switch
        {
            StripeWebhookReceiver.Outcome.Rejected => TypedResults.Problem(statusCode: 401, title: "Unauthorized",
                detail: "The Stripe-Signature header does not verify for this payload, or it is too old.",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_signature" }),
            _ => TypedResults.Ok(new WebhookAck(true, outcome.ToString().ToLowerInvariant())),
        };
    }

    public sealed record WebhookAck(bool Received, string Outcome);
}
