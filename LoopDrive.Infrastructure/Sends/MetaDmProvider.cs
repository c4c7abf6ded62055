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

    private static string? GraphCode(System.Text.Json.JsonElement e) => e.Path("error", "code");

    /// <summary>Graph cannot be asked by our send id; a person checks.</summary>
    public Task<ProviderLookup> LookupAsync(string sendId, string channel, CancellationToken cancellationToken) =>
        Task.FromResult(new ProviderLookup(ProviderLookup.Unsupported));
}
