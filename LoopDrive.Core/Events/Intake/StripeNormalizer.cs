using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// Stripe event objects (<c>id: evt_…</c>, <c>type</c>, <c>created</c> in seconds,
/// <c>data.object</c>): completed checkouts, succeeded payment intents and paid invoices are
/// purchases (amount in cents); refunds are <c>payment.refunded</c>. The Stripe customer and any
/// e-mail in the object are identities; <c>metadata.personId</c> names the person directly.
/// </summary>
public sealed class StripeNormalizer : IEventNormalizer
{
    public string Source => "stripe";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        var type = payload.Str("type") switch
        {
            "checkout.session.completed" or "payment_intent.succeeded" or "invoice.paid" => "conversion.purchase",
            "charge.refunded" => "payment.refunded",
            _ => null,
        };
        if (type is null || payload.Obj("data")?.Obj("object") is not { } o) return [];
        var identities = new List<(string, string)>();
        if (o.Str("customer") is { } customer) identities.Add(("stripe", customer));
        var email = o.Obj("customer_details")?.Str("email") ?? o.Str("customer_email") ?? o.Str("receipt_email");
        if (email is not null) identities.Add(("email", email));
        var amount = o.Long("amount_total") ?? o.Long("amount_received") ?? o.Long("amount_paid") ?? o.Long("amount_refunded") ?? o.Long("amount");
        var metadata = o.Obj("metadata");
        return [new NormalizedEvent(type, null, Source, Json.UnixSeconds(payload.Long("created")),
            payload.Str("id") is { } id ? "stripe:" + id : null,
            identities,
            Json.Serialize(new { amount, currency = o.Str("currency") ?? "usd", stripeType = payload.Str("type"), objectId = o.Str("id") }),
            metadata?.Str("personId") ?? metadata?.Str("person_id"))];
    }
}
