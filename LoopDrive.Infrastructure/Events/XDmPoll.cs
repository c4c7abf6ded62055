using System.Globalization;
using System.Numerics;
using System.Text.Json;
using LoopDrive.Core.Events.Intake;
using LoopDrive.Infrastructure.Sends;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Events;

/// <summary>
/// The X account's direct messages (<c>GET /2/dm_events</c>, newest first): events whose id is
/// above the cursor's (X ids grow with time), read page by page until the cursor is reached. Each
/// message from someone else goes to the X normalizer in the shape X's account-activity webhook
/// pushes (<c>for_user_id</c>, <c>direct_message_events[]</c>); the account's own messages only
/// move the cursor. The account is its user id (<c>/2/users/me</c>), stable across token renewals.
/// </summary>
internal sealed class XDmPoll(IHttpClientFactory httpClients, IOptions<XOptions> x, IOptions<InboxPollOptions> options) : IInboxPollSource
{
    private string? _self;

    public string Provider => "x";

    public async Task<string?> AccountAsync(CancellationToken cancellationToken)
    {
        if (_self is not null) return _self;
        if (string.IsNullOrWhiteSpace(x.Value.BearerToken)) return null;
        var me = await DmHttp.GetAsync(Client(), $"{Base}/2/users/me", x.Value.BearerToken, cancellationToken)
            ?? throw new InboxPollException("X did not say which user the token belongs to.");
        return _self = me.Path("data", "id") ?? throw new InboxPollException("X's user lookup named no user id.");
    }

    public async Task<IReadOnlyList<PolledMessage>> FetchAsync(InboxPollCursor cursor, CancellationToken cancellationToken)
    {
        var self = await AccountAsync(cancellationToken) ?? throw new InboxPollException("No X account is configured.");
        var last = Id(cursor.LastId);
        var found = new List<(BigInteger Id, PolledMessage Message)>();
        string? next = null;
        for (var page = 0; page < Math.Max(1, options.Value.MaxPages); page++)
        {
            var url = $"{Base}/2/dm_events?dm_event.fields=id,text,created_at,sender_id,dm_conversation_id&event_types=MessageCreate&max_results=100"
                      + (next is null ? "" : "&pagination_token=" + Uri.EscapeDataString(next));
            var json = await DmHttp.GetAsync(Client(), url, x.Value.BearerToken, cancellationToken);
            if (json is null) throw new InboxPollException("X did not answer the DM events read.");
            var reachedCursor = false;
            foreach (var item in json.Items("data"))
            {
                if (item.Path("id") is not { } raw || Id(raw) is not { } id) continue;
                if (last is { } l && id <= l)
                {
                    reachedCursor = true;
                    continue;
                }
                var created = item.Path("created_at") is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t : (DateTimeOffset?)null;
                var sender = item.Path("sender_id");
                found.Add((id, new PolledMessage(raw, created, sender is null || sender == self ? null : Webhook(self, raw, sender, item.Path("text"), created))));
            }
            next = json.Value.Path("meta", "next_token");
            if (reachedCursor || next is null) break;
        }
        return [.. found.OrderBy(f => f.Id).Select(f => f.Message)];
    }

    /// <summary>X keeps no read state for DMs an API can set.</summary>
    public Task AcknowledgeAsync(IReadOnlyList<PolledMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;

    private string Base => x.Value.BaseUrl.TrimEnd('/');

    private HttpClient Client() => httpClients.CreateClient(XDmProvider.HttpClientName);

    private static BigInteger? Id(string? raw) =>
        BigInteger.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string Webhook(string self, string id, string sender, string? text, DateTimeOffset? created) =>
        JsonSerializer.Serialize(new
        {
            for_user_id = self,
            direct_message_events = new[]
            {
                new
                {
                    type = "message_create",
                    id,
                    created_timestamp = created?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    message_create = new { sender_id = sender, message_data = new { text } },
                },
            },
        });
}
