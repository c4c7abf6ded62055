using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoopDrive.Api.Hosting;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Sends.Webhooks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LoopDrive.Api.Sends;

/// <summary>
/// Inbound provider webhooks. No Bearer key: each is verified over the exact bytes received with
/// the provider's own scheme before anything is stored (401 otherwise), deduplicated by the
/// provider's event ids and handed to the intake pipeline.
/// </summary>
internal static partial class SendApi
{
    private const int MaxWebhookBytes = 512 * 1024;

    private static void MapWebhooks(RouteGroupBuilder api)
    {
        api.MapPost("/email/events", SendGridEvents).AllowAnonymous().WithRequestSizeLimit(MaxWebhookBytes).WithTags("Webhooks").WithName("SendGridEvents");
        api.MapPost("/sms/inbound", TwilioWebhook).AllowAnonymous().WithRequestSizeLimit(MaxWebhookBytes).WithTags("Webhooks").WithName("SmsInbound");
        api.MapPost("/sms/status", TwilioWebhook).AllowAnonymous().WithRequestSizeLimit(MaxWebhookBytes).WithTags("Webhooks").WithName("SmsStatus");
        api.MapGet("/social/{platform}/inbound", SocialHandshake).AllowAnonymous().WithTags("Webhooks").WithName("SocialWebhookHandshake");
        api.MapGet("/email/unsubscribe", UnsubscribePreview).AllowAnonymous().WithTags("Webhooks").WithName("UnsubscribePreview");
        api.MapPost("/email/unsubscribe", Unsubscribe).AllowAnonymous().WithTags("Webhooks").WithName("UnsubscribeOneClick");
        api.MapPost("/social/{platform}/inbound", SocialInbound).AllowAnonymous().WithRequestSizeLimit(MaxWebhookBytes).WithTags("Webhooks").WithName("SocialInbound");
    }

    /// <summary>SendGrid's signed event webhook: ECDSA over timestamp + body; a timestamp outside the tolerance is a replay.</summary>
    public static async Task<Results<Ok<WebhookAck>, ProblemHttpResult>> SendGridEvents(
        HttpRequest request, ProviderKeys keys, ReceiveProviderWebhook receive, IOptions<WebhookOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var body = await RawBodyAsync(request, cancellationToken);
        var timestamp = request.Headers["X-Twilio-Email-Event-Webhook-Timestamp"].ToString();
        var signature = request.Headers["X-Twilio-Email-Event-Webhook-Signature"].ToString();
        if (keys.SendGridPublicKey is null) return Unauthorized("No SendGrid webhook key is configured.");
        if (!long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > options.Value.Tolerance.TotalSeconds)
            return Unauthorized("The webhook timestamp is missing or outside the accepted window.");
        if (!WebhookSignatures.VerifySendGrid(keys.SendGridPublicKey, timestamp, body, signature))
            return Unauthorized("The SendGrid signature does not verify for this payload.");
        return await HandOnAsync(receive, "sendgrid", Encoding.UTF8.GetString(body), cancellationToken);
    }

    /// <summary>Twilio's status callbacks and inbound messages: HMAC-SHA1 over the public URL it called plus the sorted form fields.</summary>
    public static async Task<Results<Ok<WebhookAck>, ProblemHttpResult>> TwilioWebhook(
        HttpRequest request, ProviderKeys keys, ReceiveProviderWebhook receive, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var body = await RawBodyAsync(request, cancellationToken);
        if (keys.TwilioAuthToken is null) return Unauthorized("No Twilio auth token is configured.");
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var pairs = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))).ToList();
        var expected = WebhookSignatures.Twilio(keys.TwilioAuthToken, PublicUrl(request, options.Value), pairs);
        if (!WebhookSignatures.Matches(expected, request.Headers["X-Twilio-Signature"].ToString()))
            return Unauthorized("The X-Twilio-Signature does not verify for this URL and these parameters.");
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        return await HandOnAsync(receive, "twilio", JsonSerializer.Serialize(fields), cancellationToken);
    }

    /// <summary>
    /// The subscription handshakes: Meta's <c>hub.challenge</c> echoed when <c>hub.verify_token</c> matches,
    /// X's CRC answered with <c>sha256=</c> + base64 HMAC-SHA256 of the token.
    /// </summary>
    public static Results<ContentHttpResult, Ok<XCrcResponse>, ProblemHttpResult> SocialHandshake(string platform, HttpRequest request, ProviderKeys keys)
    {
        var query = request.Query;
        switch (platform)
        {
            case "instagram" or "whatsapp" or "facebook":
                if (query["hub.mode"] != "subscribe" || keys.MetaVerifyToken is null
                    || !WebhookSignatures.Matches(keys.MetaVerifyToken, query["hub.verify_token"].ToString()))
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                        detail: "hub.mode must be subscribe and hub.verify_token must match.", extensions: new Dictionary<string, object?> { ["code"] = "invalid_verify_token" });
                return TypedResults.Text(query["hub.challenge"].ToString(), "text/plain");
            case "x":
                if (keys.XConsumerSecret is null || query["crc_token"].ToString() is not { Length: > 0 } token)
                    return Unauthorized("crc_token is required and an X consumer secret must be configured.");
                return TypedResults.Ok(new XCrcResponse(WebhookSignatures.X(keys.XConsumerSecret, Encoding.UTF8.GetBytes(token))));
            default:
                return Problems.NotFound("webhook for that platform");
        }
    }

    /// <summary>Meta (Instagram, WhatsApp): <c>X-Hub-Signature-256</c>; X: <c>x-twitter-webhooks-signature</c>; both HMAC-SHA256 of the raw body.</summary>
    public static async Task<Results<Ok<WebhookAck>, ProblemHttpResult>> SocialInbound(
        string platform, HttpRequest request, ProviderKeys keys, ReceiveProviderWebhook receive, CancellationToken cancellationToken)
    {
        var (source, secret, header) = platform switch
        {
            "instagram" or "facebook" => ("meta", keys.MetaAppSecret, "X-Hub-Signature-256"),
            "whatsapp" => ("whatsapp", keys.MetaAppSecret, "X-Hub-Signature-256"),
            "x" => ("x", keys.XConsumerSecret, "x-twitter-webhooks-signature"),
            _ => ((string?)null, (string?)null, ""),
        };
        if (source is null) return Problems.NotFound("webhook for that platform");
        var body = await RawBodyAsync(request, cancellationToken);
        if (secret is null) return Unauthorized($"No secret is configured for {platform} webhooks.");
        var expected = source == "x" ? WebhookSignatures.X(secret, body) : WebhookSignatures.Meta(secret, body);
        if (!WebhookSignatures.Matches(expected, request.Headers[header].ToString()))
            return Unauthorized($"The {header} header does not verify for this payload.");
        return await HandOnAsync(receive, source, Encoding.UTF8.GetString(body), cancellationToken);
    }

    /// <summary>GET never unsubscribes (link scanners follow links): it says what the one-click POST will do.</summary>
    public static Results<Ok<UnsubscribeAnswer>, ProblemHttpResult> UnsubscribePreview(string? send, string? sig, UnsubscribeOneClick unsubscribe) =>
        unsubscribe.IsGenuine(send, sig)
            ? TypedResults.Ok(new UnsubscribeAnswer(false, "POST to this same address (one click) to stop all email from this sender."))
            : Unauthorized("This unsubscribe link is not valid.");

    /// <summary>RFC 8058 one-click: the POST (body <c>List-Unsubscribe=One-Click</c>) suppresses the address at once.</summary>
    public static async Task<Results<Ok<UnsubscribeAnswer>, ProblemHttpResult>> Unsubscribe(
        string? send, string? sig, UnsubscribeOneClick unsubscribe, CancellationToken cancellationToken)
    {
        if (send is null || sig is null) return Unauthorized("This unsubscribe link is not valid.");
        return await unsubscribe.HandleAsync(send, sig, cancellationToken) switch
        {
            UnsubscribeOneClick.Result.Invalid => Unauthorized("This unsubscribe link is not valid."),
            _ => TypedResults.Ok(new UnsubscribeAnswer(true, "You will get no more email from this sender.")),
        };
    }

    public sealed record UnsubscribeAnswer(bool Unsubscribed, string Detail);

    public sealed record XCrcResponse([property: JsonPropertyName("response_token")] string ResponseToken);

    private static async Task<Results<Ok<WebhookAck>, ProblemHttpResult>> HandOnAsync(
        ReceiveProviderWebhook receive, string source, string payload, CancellationToken cancellationToken)
    {
        try
        {
            var result = await receive.HandleAsync(source, payload, cancellationToken);
            return TypedResults.Ok(new WebhookAck(true, result.Fresh, result.Repeated));
        }
        catch (JsonException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid payload",
                detail: "The signed payload is not the JSON this provider sends.", extensions: new Dictionary<string, object?> { ["code"] = "invalid_payload" });
        }
    }

    private static async Task<byte[]> RawBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The URL the provider called: the configured public base plus the request target as it arrived (before any alias rewrite).</summary>
    internal static string PublicUrl(HttpRequest request, WebhookOptions options)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || !target.StartsWith('/'))
            target = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        var origin = options.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}";
        return origin + target;
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = "invalid_signature" });
}
