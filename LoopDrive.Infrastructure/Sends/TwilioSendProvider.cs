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

    /// <summary>Twilio limits per sending number (or messaging service).</summary>
    public string AccountFor(OutgoingMessage message) =>
        message.FromAddress is { Length: > 0 } from ? from : options.Value.MessagingServiceSid ?? options.Value.FromNumber ?? "default";

    /// <summary>
    /// Twilio cannot be asked by our send id, but it lists messages by recipient (and sender) and
    /// send date: our message is the one with our text created since the attempt.
    /// </summary>
    public async Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = new TwilioRestClient(o.AccountSid, o.AuthToken, httpClient: new Twilio.Http.SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
        var since = attemptedAt.AddMinutes(-1);
        var read = new ReadMessageOptions { To = new PhoneNumber(message.Recipient), DateSentAfter = since.UtcDateTime.Date, PageSize = 100, Limit = 200 };
        var from = AccountFor(message);
        if (from.StartsWith('+')) read.From = new PhoneNumber(from);
        try
        {
            var listed = await MessageResource.ReadAsync(read, client);
            var match = listed.FirstOrDefault(m => m.Body == message.Body && (m.DateCreated is not { } created || created.ToUniversalTime() >= since.UtcDateTime));
            return match is null ? new ProviderLookup(ProviderLookup.NotSeen) : new ProviderLookup(ProviderLookup.Found, match.Sid);
        }
        catch (ApiException e)
        {
            return new ProviderLookup(ProviderLookup.Unsupported, Detail: $"Twilio refused the message lookup ({e.Status}); a person must check.");
        }
    }
}
