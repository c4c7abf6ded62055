using System.Net;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Sends.Webhooks;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// Live email through SendGrid's v3 mail send: the send id rides in <c>custom_args</c> (so event
/// webhooks name their send), open and click tracking are on, and every message carries
/// <c>List-Unsubscribe</c> with a signed one-click link plus <c>List-Unsubscribe-Post</c>.
/// A 202 is acceptance; the message id is SendGrid's <c>X-Message-Id</c>.
/// </summary>
internal sealed class SendGridSendProvider(
    IHttpClientFactory httpClients, IOptions<SendGridOptions> options, IOptions<WebhookOptions> webhooks, ProviderKeys keys, TimeProvider clock)
    : ISendProvider
{
    public const string HttpClientName = "sendgrid";

    public string Name => "sendgrid";

    public bool Handles(string channel) => channel == SendChannels.Email;

    public async Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = new SendGridClient(httpClients.CreateClient(HttpClientName), new SendGridClientOptions { ApiKey = o.ApiKey, Host = o.BaseUrl });
        var from = new EmailAddress(message.FromAddress ?? o.FromAddress, message.FromName ?? o.FromName);
        var mail = MailHelper.CreateSingleEmail(from, new EmailAddress(message.Recipient), message.Subject ?? "", message.Body, message.Html);
        if (message.ReplyTo is { } replyTo) mail.SetReplyTo(new EmailAddress(replyTo));
        mail.AddCustomArg("send_id", message.SendId);
        mail.AddCustomArg("workspace_id", message.WorkspaceId);
        // Echoed in every event webhook: intake attaches the event to the person without resolving the address.
        if (message.PersonId is { } personId) mail.AddCustomArg("person_id", personId);
        mail.SetOpenTracking(true);
        mail.SetClickTracking(true, true);
        if (webhooks.Value.PublicBaseUrl is { Length: > 0 } publicBase)
        {
            mail.AddHeader("List-Unsubscribe", $"<{UnsubscribeOneClick.Link(keys, publicBase, message.SendId)}>");
            mail.AddHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var response = await client.SendEmailAsync(mail, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return ProviderResult.Ok(id ?? message.SendId);
        }
        return ProviderErrors.FromStatus("sendgrid", response.StatusCode, null, response.Headers.RetryAfter, clock.GetUtcNow());
    }

    /// <summary>SendGrid limits per API key; the key itself is a secret, so the bucket is named by a digest of it.</summary>
    public string AccountFor(OutgoingMessage message) => AccountDigest.Of(options.Value.ApiKey);

    /// <summary>SendGrid's message lookup is a paid add-on: an unknown outcome goes to a person.</summary>
    public Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken) =>
        Task.FromResult(new ProviderLookup(ProviderLookup.Unsupported));
}
