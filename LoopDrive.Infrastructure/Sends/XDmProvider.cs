using LoopDrive.Core.Sends;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>X direct messages through v2 (<c>POST /2/dm_conversations/with/{participant}/messages</c>), the recipient by user id.</summary>
internal sealed class XDmProvider(IHttpClientFactory httpClients, IOptions<XOptions> options, TimeProvider clock) : ISendProvider
{
    public const string HttpClientName = "x-api";

    public string Name => "x";

    public bool Handles(string channel) => channel == "x";

    public Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var url = $"{o.BaseUrl.TrimEnd('/')}/2/dm_conversations/with/{Uri.EscapeDataString(message.Recipient)}/messages";
        return DmHttp.PostAsync(httpClients.CreateClient(HttpClientName), "x", url, o.BearerToken, new { text = message.Body },
            ok => ok.Path("data", "dm_event_id"), e => e.Path("errors", "code") ?? e.Path("title"), clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>X limits DMs per user; the user is known by its token, a secret, so the bucket is named by a digest of it.</summary>
    public string AccountFor(OutgoingMessage message) => AccountDigest.Of(options.Value.BearerToken);

    /// <summary>Lists the DM events of the one-to-one conversation with the recipient and looks for our text since the attempt.</summary>
    public async Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var url = $"{o.BaseUrl.TrimEnd('/')}/2/dm_conversations/with/{Uri.EscapeDataString(message.Recipient)}/dm_events"
                  + "?dm_event.fields=id,text,created_at,sender_id&event_types=MessageCreate&max_results=100";
        var json = await DmHttp.GetAsync(httpClients.CreateClient(HttpClientName), url, o.BearerToken, cancellationToken);
        if (json is null) return new ProviderLookup(ProviderLookup.Unsupported, Detail: "X did not answer the DM events lookup; a person must check.");
        var id = DmHttp.FindSent(json.Items("data"), message.Body, message.Recipient, attemptedAt, "id", "text", "created_at", e => e.Path("sender_id"));
        return id is null ? new ProviderLookup(ProviderLookup.NotSeen) : new ProviderLookup(ProviderLookup.Found, id);
    }
}
