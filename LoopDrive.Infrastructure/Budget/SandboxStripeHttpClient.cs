using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace LoopDrive.Infrastructure.Budget;

/// <summary>
/// The sandbox Stripe: an <see cref="IHttpClient"/> under the real Stripe.net client that answers
/// the PaymentIntent calls in Stripe's own JSON, honours <c>Idempotency-Key</c> (the same key
/// answers the same intent), and shortly after settles each intent by delivering a signed
/// <c>payment_intent.succeeded</c> event — or <c>payment_intent.payment_failed</c> when the amount
/// ends in 02 cents, so declines can be tried by hand. Customers are created (idempotently) so a
/// top-up's card is saved and an auto-reload can charge it off-session as in live mode.
/// </summary>
internal sealed class SandboxStripeHttpClient(
    IOptions<StripeOptions> options, ISandboxWebhookSink sink, TimeProvider clock, ILogger<SandboxStripeHttpClient> logger) : IHttpClient
{
    private readonly ConcurrentDictionary<string, JsonObject> _byIdempotencyKey = new();
    private readonly ConcurrentDictionary<string, JsonObject> _intents = new();
    private readonly ConcurrentDictionary<string, JsonObject> _customersByIdempotencyKey = new();

    public async Task<StripeResponse> MakeRequestAsync(StripeRequest request, CancellationToken cancellationToken = default)
    {
        var path = request.Uri.AbsolutePath;
        if (request.Method == HttpMethod.Post && path == "/v1/payment_intents")
        {
            var form = await ReadFormAsync(request, cancellationToken);
            var key = request.StripeHeaders.TryGetValue("Idempotency-Key", out var k) ? k : Guid.NewGuid().ToString("N");
            var created = false;
            var intent = _byIdempotencyKey.GetOrAdd(key, _ =>
            {
                created = true;
                return NewIntent(form);
            });
            if (created)
            {
                _intents[(string)intent["id"]!] = intent;
                _ = SettleLaterAsync((string)intent["id"]!);
            }
            return Answer(HttpStatusCode.OK, intent.ToJsonString());
        }
        if (request.Method == HttpMethod.Post && path == "/v1/customers")
        {
            var key = request.StripeHeaders.TryGetValue("Idempotency-Key", out var k) ? k : Guid.NewGuid().ToString("N");
            var customer = _customersByIdempotencyKey.GetOrAdd(key, _ => new JsonObject
            {
                ["id"] = "cus_sbx_" + RandomNumberGenerator.GetHexString(14, lowercase: true),
                ["object"] = "customer",
                ["created"] = clock.GetUtcNow().ToUnixTimeSeconds(),
                ["livemode"] = false,
            });
            return Answer(HttpStatusCode.OK, customer.ToJsonString());
        }
        if (request.Method == HttpMethod.Get && path.StartsWith("/v1/payment_intents/", StringComparison.Ordinal)
            && _intents.TryGetValue(path["/v1/payment_intents/".Length..], out var found))
            return Answer(HttpStatusCode.OK, found.ToJsonString());
        return Answer(HttpStatusCode.NotFound,
            """{"error":{"type":"invalid_request_error","message":"The sandbox does not emulate this call."}}""");
    }

    /// <summary>Streaming calls (file downloads) are not part of what the sandbox emulates.</summary>
    public Task<StripeStreamedResponse> MakeStreamingRequestAsync(StripeRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The sandbox Stripe does not emulate streamed responses.");

    private JsonObject NewIntent(Dictionary<string, string> form)
    {
        var id = "pi_sbx_" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
            metadata[name["metadata[".Length..^1]] = value;
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = long.Parse(form.GetValueOrDefault("amount", "0"), System.Globalization.CultureInfo.InvariantCulture),
            ["currency"] = form.GetValueOrDefault("currency", "usd"),
            ["status"] = "requires_payment_method",
            ["client_secret"] = id + "_secret_" + RandomNumberGenerator.GetHexString(16, lowercase: true),
            ["created"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["customer"] = form.GetValueOrDefault("customer"),
            ["payment_method"] = form.GetValueOrDefault("payment_method"),
            ["setup_future_usage"] = form.GetValueOrDefault("setup_future_usage"),
        };
    }

    private async Task SettleLaterAsync(string intentId)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.SandboxSettleMilliseconds), clock);
            var intent = _intents[intentId];
            var declined = (long)intent["amount"]! % 100 == 2;
            intent["status"] = declined ? "requires_payment_method" : "succeeded";
            if (declined)
                intent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["message"] = "Your card was declined." };
            else
                intent["payment_method"] ??= "pm_sbx_card_visa";
            await DeliverAsync(declined ? "payment_intent.payment_failed" : "payment_intent.succeeded", intent);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The emulated processor has no caller to report to; like Stripe, it just fails to deliver.
            logger.LogWarning(e, "Sandbox Stripe could not settle intent {IntentId}", intentId);
        }
    }

    private async Task DeliverAsync(string type, JsonObject dataObject)
    {
        var created = clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["id"] = "evt_sbx_" + RandomNumberGenerator.GetHexString(24, lowercase: true),
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = JsonNode.Parse(dataObject.ToJsonString()) },
        }.ToJsonString();
        await sink.DeliverAsync(payload, Sign(payload, created, options.Value.EffectiveWebhookSecret), CancellationToken.None);
    }

    /// <summary>Stripe's scheme: <c>t=&lt;unix seconds&gt;,v1=hex(HMAC-SHA256(secret, "t.payload"))</c>.</summary>
    public static string Sign(string payload, long timestamp, string secret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private static async Task<Dictionary<string, string>> ReadFormAsync(StripeRequest request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((at < 0 ? pair : pair[..at]).Replace('+', ' '));
            form[name] = at < 0 ? "" : Uri.UnescapeDataString(pair[(at + 1)..].Replace('+', ' '));
        }
        return form;
    }

    private static StripeResponse Answer(HttpStatusCode status, string json)
    {
        using var message = new HttpResponseMessage(status);
        message.Headers.Add("Request-Id", "req_sbx_" + RandomNumberGenerator.GetHexString(14, lowercase: true));
        return new StripeResponse(status, message.Headers, json);
    }
}
