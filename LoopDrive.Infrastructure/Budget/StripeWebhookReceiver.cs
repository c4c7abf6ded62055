using LoopDrive.Core.Budget;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace LoopDrive.Infrastructure.Budget;

/// <summary>
/// The one entry for Stripe events, used by the webhook route and by the sandbox's in-process
/// delivery alike: the signature over the exact payload is checked with Stripe.net's
/// EventUtility (HMAC-SHA256, tolerance window), and only then is the event applied.
/// </summary>
public sealed class StripeWebhookReceiver(IOptions<StripeOptions> options, ApplyPaymentEvent apply, ILogger<StripeWebhookReceiver> logger)
{
    public enum Outcome { Rejected, Applied, Duplicate, Ignored }

    public async Task<Outcome> ReceiveAsync(string payload, string? signatureHeader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(signatureHeader)) return Outcome.Rejected;
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(payload, signatureHeader, options.Value.EffectiveWebhookSecret,
                options.Value.ToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            // Forged, stale or malformed: nothing is stored. The reason is logged, the payload is not.
            logger.LogWarning("Stripe webhook refused: {Reason}", e.Message);
            return Outcome.Rejected;
        }

        var evt = ToPaymentEvent(stripeEvent);
        if (evt is null) return Outcome.Ignored;
        return await apply.HandleAsync(evt, cancellationToken) switch
        {
            ApplyPaymentEvent.Result.Applied => Outcome.Applied,
            ApplyPaymentEvent.Result.Duplicate => Outcome.Duplicate,
            _ => Outcome.Ignored,
        };
    }

    private static PaymentEvent? ToPaymentEvent(Event e) => e.Data.Object switch
    {
        PaymentIntent intent => new PaymentEvent(
            e.Id, e.Type, intent.Id, Meta(intent.Metadata), intent.Amount, 0,
            intent.LastPaymentError?.Message, intent.PaymentMethodId, null, intent.CustomerId),
        Charge charge => new PaymentEvent(
            e.Id, e.Type, charge.PaymentIntentId, Meta(charge.Metadata), charge.Amount, charge.AmountRefunded,
            charge.FailureMessage, charge.PaymentMethod, charge.ReceiptUrl),
        _ => null,
    };

    private static string? Meta(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(StripePaymentGateway.PaymentIdKey, out var id) ? id : null;
}
