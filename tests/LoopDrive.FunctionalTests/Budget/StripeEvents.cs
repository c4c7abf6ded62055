using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>Builds Stripe event payloads and signs them the way Stripe documents it, independently of the code under test.</summary>
internal static class StripeEvents
{
    public static string Intent(string type, string intentId, string paymentId, long amount, string? error = null,
        string? customer = null, string? paymentMethod = null) => Event(type, new JsonObject
    {
        ["customer"] = customer,
        ["payment_method"] = paymentMethod,
        ["id"] = intentId,
        ["object"] = "payment_intent",
        ["amount"] = amount,
        ["currency"] = "usd",
        ["status"] = type == "payment_intent.succeeded" ? "succeeded" : "requires_payment_method",
        ["metadata"] = new JsonObject { ["loopdrive_payment_id"] = paymentId },
        ["last_payment_error"] = error is null ? null : new JsonObject { ["message"] = error },
    });

    public static string Refunded(string intentId, string paymentId, long amount, long refunded) => Event("charge.refunded", new JsonObject
    {
        ["id"] = "ch_" + Guid.NewGuid().ToString("N"),
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_refunded"] = refunded,
        ["currency"] = "usd",
        ["payment_intent"] = intentId,
        ["refunded"] = refunded >= amount,
        ["receipt_url"] = "https://pay.stripe.com/receipts/test",
        ["metadata"] = new JsonObject { ["loopdrive_payment_id"] = paymentId },
    });

    private static string Event(string type, JsonObject data) => new JsonObject
    {
        ["id"] = "evt_" + Guid.NewGuid().ToString("N"),
        ["object"] = "event",
        ["api_version"] = "2025-01-27.acacia",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = data },
    }.ToJsonString();

    public static string Sign(string payload, string secret, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/budget/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await client.SendAsync(request);
    }
}
