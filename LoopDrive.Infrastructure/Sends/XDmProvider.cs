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

    public Task<ProviderLookup> LookupAsync(string sendId, string channel, CancellationToken cancellationToken) =>
        Task.FromResult(new ProviderLookup(ProviderLookup.Unsupported));
}
