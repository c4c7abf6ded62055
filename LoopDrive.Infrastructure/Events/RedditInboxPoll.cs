using System.Text.Json;
using System.Text.Json.Nodes;
using LoopDrive.Core.Events.Intake;
using LoopDrive.Infrastructure.Sends;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Events;

/// <summary>
/// The Reddit account's inbox (<c>GET /message/inbox</c>, private messages and comment replies,
/// newest first, not marked read by reading): everything newer than the cursor, read page by page
/// until the cursor's time is reached; afterwards the unread ones are marked read
/// (<c>POST /api/read_message</c>). The whole inbox rather than <c>/message/unread</c>, so a message
/// someone opened on reddit.com is not missed. Each child goes to the Reddit normalizer as is.
/// </summary>
internal sealed class RedditInboxPoll(RedditApi api, IOptions<InboxPollOptions> options) : IInboxPollSource
{
    public string Provider => "reddit";

    public Task<string?> AccountAsync(CancellationToken cancellationToken) =>
        Task.FromResult(api.Options.Configured ? api.Account : null);

    public async Task<IReadOnlyList<PolledMessage>> FetchAsync(InboxPollCursor cursor, CancellationToken cancellationToken)
    {
        var since = cursor.LastAt?.ToUnixTimeSeconds();
        var found = new List<(long Created, PolledMessage Message)>();
        string? after = null;
        for (var page = 0; page < Math.Max(1, options.Value.MaxPages); page++)
        {
            var query = "/message/inbox?limit=100&mark=false&raw_json=1" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url(query)), cancellationToken);
            if (!response.IsSuccessStatusCode) throw new InboxPollException($"reddit answered the inbox read with {(int)response.StatusCode}.");
            using var listing = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var reachedCursor = false;
            foreach (var (kind, item) in RedditListing.Children(listing.RootElement))
            {
                var name = item.Text("name");
                if (name is null) continue;
                var created = RedditListing.CreatedUtc(item);
                // Same second as the cursor: handed again unless it is the cursor itself; its receipt drops a repeat.
                if (since is { } s && (created < s || (created == s && name == cursor.LastId)))
                {
                    reachedCursor = true;
                    continue;
                }
                var payload = JsonSerializer.Serialize(new { kind, data = WithLowerCaseAuthor(item) });
                found.Add((created ?? 0, new PolledMessage(name, created is { } c ? DateTimeOffset.FromUnixTimeSeconds(c) : null, payload,
                    RedditListing.IsNew(item))));
            }
            after = RedditListing.After(listing.RootElement);
            if (reachedCursor || after is null) break;
        }
        return [.. found.OrderBy(f => f.Created).ThenBy(f => f.Message.Id, StringComparer.Ordinal).Select(f => f.Message)];
    }

    /// <summary>
    /// Reddit names are case-insensitive and our recipients are stored lower-cased: the author is
    /// lower-cased so a reply routes to the workspace that last wrote to that name.
    /// </summary>
    private static JsonObject WithLowerCaseAuthor(JsonElement item)
    {
        var data = JsonObject.Create(item) ?? [];
        if (item.Text("author") is { } author) data["author"] = author.ToLowerInvariant();
        return data;
    }

    /// <summary>The account's unread messages among those handed over are marked read, 100 fullnames a call.</summary>
    public async Task AcknowledgeAsync(IReadOnlyList<PolledMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var chunk in messages.Where(m => m.Unread).Select(m => m.Id).Chunk(100))
        {
            using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, api.Url("/api/read_message"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = string.Join(',', chunk) }),
            }, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new InboxPollException($"reddit answered marking {chunk.Length} messages read with {(int)response.StatusCode}; they were handed over.");
        }
    }
}
