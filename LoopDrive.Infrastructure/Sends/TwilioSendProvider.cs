using System.Net;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Sends.Webhooks;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// Live SMS through Twilio's Messages resource: E.164 numbers, our status callback route (with the
/// send id in its query) on the public URL, the account's number or messaging service as sender.
/// Twilio's own error codes are kept (21610: the recipient replied STOP at the carrier).
/// </summary>
internal sealed class TwilioSendProvider(IHttpClientFactory httpClients, IOptions<TwilioOptions> options, IOptions<WebhookOptions> webhooks, TimeProvider clock)
    : ISendProvider
{
    public const string HttpClientName = "twilio";

    public string Name => "twilio";

    public bool Handles(string channel) => channel == SendChannels.Sms;

    public async Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = new TwilioRestClient(o.AccountSid, o.AuthToken, httpClient: new Twilio.Http.SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
        var create = new CreateMessageOptions(new PhoneNumber(message.Recipient)) { Body = message.Body };
        if (message.FromAddress is { Length: > 0 } from) create.From = new PhoneNumber(from);
        else if (o.MessagingServiceSid is { Length: > 0 } service) create.MessagingServiceSid = service;
        else create.From = new PhoneNumber(o.FromNumber);
        if (webhooks.Value.PublicBaseUrl is { Length: > 0 } publicBase)
            create.StatusCallback = new Uri($"{publicBase.TrimEnd('/')}/api/sms/status?sendId={Uri.EscapeDataString(message.SendId)}");
        try
        {
            var created = await MessageResource.CreateAsync(create, client);
            return ProviderResult.Ok(created.Sid);
        }
        catch (ApiException e)
        {
            return ProviderErrors.FromStatus("twilio", (HttpStatusCode)e.Status, e.Code == 0 ? null : e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
                null, clock.GetUtcNow());
        }
    }

    /// <summary>Twilio lists messages but cannot be asked by our send id; a person checks.</summary>
    public Task<ProviderLookup> LookupAsync(string sendId, string channel, CancellationToken cancellationToken) =>
        Task.FromResult(new ProviderLookup(ProviderLookup.Unsupported));
}
