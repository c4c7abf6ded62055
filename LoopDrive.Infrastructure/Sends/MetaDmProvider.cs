using System.Text.Json;
using LoopDrive.Core.Sends;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// Instagram DMs (<c>POST /{ig-account}/messages</c>, recipient by Instagram-scoped id) and WhatsApp
/// text messages (<c>POST /{phone-number-id}/messages</c>, recipient by number) over the Graph API.
/// Graph's own error code is kept (WhatsApp 131047: outside the 24-hour customer-service window).
/// </summary>
internal sealed class MetaDmProvider(IHttpClientFactory httpClients, IOptions<MetaOptions> meta, IOptions<WhatsAppOptions> whatsApp, TimeProvider clock)
    : ISendProvider
{
    public const string HttpClientName = "meta-graph";

    public string Name => "meta";

    public bool Handles(string channel) => channel is "instagram" or "whatsapp";

    public Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var o = meta.Value;
        var root = $"{o.GraphBaseUrl.TrimEnd('/')}/{o.GraphVersion}";
        var client = httpClients.CreateClient(HttpClientName);
        if (message.Channel == "whatsapp")
        {
            var w = whatsApp.Value;
            // Outside the 24-hour window only an approved template may go (the gate chose it).
            object payload = message.Template is { } template
                ? new
                {
                    messaging_product = "whatsapp",
                    recipient_type = "individual",
                    to = message.Recipient.TrimStart('+'),
                    type = "template",
                    template = new { name = template.Name, language = new { code = template.Language } },
                }
                : new
                {
                    messaging_product = "whatsapp",
                    recipient_type = "individual",
                    to = message.Recipient.TrimStart('+'),
                    type = "text",
                    text = new { preview_url = false, body = message.Body },
                };
            return DmHttp.PostAsync(client, "whatsapp", $"{root}/{w.PhoneNumberId}/messages", w.AccessToken ?? o.AccessToken, payload,
                ok => ok.Path("messages", "id"), GraphCode, clock.GetUtcNow(), cancellationToken);
        }
        object dm = message.MessageTag is { } tag
            ? new { recipient = new { id = message.Recipient }, messaging_type = "MESSAGE_TAG", tag, message = new { text = message.Body } }
            : new { recipient = new { id = message.Recipient }, message = new { text = message.Body } };
        return DmHttp.PostAsync(client, "instagram", $"{root}/{o.InstagramAccountId}/messages", o.AccessToken, dm,
            ok => ok.Path("message_id"), GraphCode, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>Graph limits per WhatsApp phone number id and per Instagram account.</summary>
    public string AccountFor(OutgoingMessage message) =>
        (message.Channel == "whatsapp" ? whatsApp.Value.PhoneNumberId : meta.Value.InstagramAccountId) ?? message.Channel;

    private static string? GraphCode(System.Text.Json.JsonElement e) => e.Path("error", "code");

    /// <summary>
    /// Instagram: the conversation with the recipient (conversations edge, messages expanded) is
    /// searched for our text since the attempt. WhatsApp's Cloud API offers no way to read sent
    /// messages back, so an unknown WhatsApp send goes to a person.
    /// </summary>
    public async Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        if (message.Channel == "whatsapp") return new ProviderLookup(ProviderLookup.Unsupported);
        var o = meta.Value;
        var url = $"{o.GraphBaseUrl.TrimEnd('/')}/{o.GraphVersion}/{o.InstagramAccountId}/conversations?platform=instagram"
                  + $"&user_id={Uri.EscapeDataString(message.Recipient)}&fields=messages{{id,created_time,message,from}}";
        var json = await DmHttp.GetAsync(httpClients.CreateClient(HttpClientName), url, o.AccessToken, cancellationToken);
        if (json is null) return new ProviderLookup(ProviderLookup.Unsupported, Detail: "Graph did not answer the conversation lookup; a person must check.");
        var messages = json.Items("data").SelectMany(conversation => ((JsonElement?)conversation).Items("messages", "data"));
        var id = DmHttp.FindSent(messages, message.Body, message.Recipient, attemptedAt, "id", "message", "created_time", e => e.Path("from", "id"));
        return id is null ? new ProviderLookup(ProviderLookup.NotSeen) : new ProviderLookup(ProviderLookup.Found, id);
    }
}
