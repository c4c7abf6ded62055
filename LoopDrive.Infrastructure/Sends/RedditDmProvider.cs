using System.Net.Http.Headers;
using System.Text.Json;
using LoopDrive.Core.Sends;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// Reddit private messages (<c>POST /api/compose</c>: <c>to</c>, <c>subject</c>, <c>text</c>,
/// <c>api_type=json</c>), the recipient by username. Reddit answers refusals inside a 200 as
/// <c>json.errors</c> (<c>[name, message, field]</c>): the name is kept as the send's code
/// (USER_DOESNT_EXIST, NOT_WHITELISTED_BY_USER_MESSAGE …), except RATELIMIT, which is retried.
/// A spent <c>X-Ratelimit-Remaining</c> pauses the account until <c>X-Ratelimit-Reset</c>.
/// </summary>
internal sealed class RedditDmProvider(RedditApi api, IProviderRateLimiter rateLimiter, TimeProvider clock) : ISendProvider
{
    /// <summary>Reddit cuts subjects longer than this.</summary>
    public const int MaxSubject = 100;

    public const string RateLimitError = "RATELIMIT";

    public string Name => "reddit";

    public bool Handles(string channel) => channel == "reddit";

    /// <summary>Reddit limits calls per OAuth account.</summary>
    public string AccountFor(OutgoingMessage message) => api.Account;

    public async Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var subject = string.IsNullOrWhiteSpace(message.Subject) ? api.Options.DefaultSubject : message.Subject.Trim();
        if (subject.Length > MaxSubject) subject = subject[..MaxSubject];
        HttpResponseMessage response;
        try
        {
            response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, api.Url("/api/compose"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["api_type"] = "json",
                    ["to"] = Username(message.Recipient),
                    ["subject"] = subject,
                    ["text"] = message.Body,
                }),
            }, cancellationToken);
        }
        catch (RedditAuthException e)
        {
            // Without a token the message never left: safe to try again later.
            return new ProviderResult(ProviderResult.Retryable, Code: e.Code, Detail: e.Message);
        }

        using (response)
        {
            var now = clock.GetUtcNow();
            var reset = RedditApi.Reset(response);
            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = response.Headers.RetryAfter ?? (reset is { } r ? new RetryConditionHeaderValue(r) : null);
                return ProviderErrors.FromStatus("reddit", response.StatusCode, null, retryAfter, now);
            }
            if (RedditApi.ExhaustedFor(response) is { } spent && spent > TimeSpan.Zero)
                await rateLimiter.PauseAsync(Name, AccountFor(message), spent, cancellationToken);

            var (error, ratelimitSeconds) = ReadError(await response.Content.ReadAsStringAsync(cancellationToken));
            if (error is null) return ProviderResult.Ok("reddit_accepted");
            if (error == RateLimitError)
            {
                var wait = ratelimitSeconds is { } s ? TimeSpan.FromSeconds(s) : reset;
                return new ProviderResult(ProviderResult.Retryable, Code: RateLimitError, Detail: "reddit asked us to slow down.", RetryAfter: wait);
            }
            return new ProviderResult(ProviderResult.Rejected, Code: error, Detail: $"reddit refused the message ({error}).");
        }
    }

    /// <summary>
    /// Reddit's sent box (<c>/message/sent</c>) is searched for a message to the recipient with our
    /// text since the attempt (a minute's grace for clocks); its fullname settles the send.
    /// </summary>
    public async Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/message/sent?limit=100&raw_json=1")), cancellationToken);
        }
        catch (RedditAuthException e)
        {
            return new ProviderLookup(ProviderLookup.Unsupported, Detail: $"No reddit token for the sent-box lookup ({e.Code}); a person must check.");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                return new ProviderLookup(ProviderLookup.Unsupported, Detail: $"reddit answered the sent-box lookup with {(int)response.StatusCode}; a person must check.");
            using var json = TryParse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (json is null)
                return new ProviderLookup(ProviderLookup.Unsupported, Detail: "reddit's sent box answered with something other than JSON; a person must check.");
            var to = Username(message.Recipient);
            var since = attemptedAt.AddMinutes(-1).ToUnixTimeSeconds();
            foreach (var item in RedditListing.Items(json.RootElement))
            {
                if (item.Text("body") != message.Body || !string.Equals(item.Text("dest"), to, StringComparison.OrdinalIgnoreCase)) continue;
                if (RedditListing.CreatedUtc(item) is { } created && created < since) continue;
                if (item.Text("name") is { } name) return new ProviderLookup(ProviderLookup.Found, name);
            }
            return new ProviderLookup(ProviderLookup.NotSeen);
        }
    }

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // A proxy's page instead of a listing: the caller treats it as no answer.
            return null;
        }
    }

    /// <summary>Identities may keep the <c>u/</c> prefix people write; the API wants the bare name.</summary>
    private static string Username(string recipient)
    {
        var name = recipient.Trim();
        if (name.StartsWith('/')) name = name[1..];
        return name.StartsWith("u/", StringComparison.OrdinalIgnoreCase) ? name[2..] : name;
    }

    /// <summary>
    /// The first entry of <c>json.errors</c> (its name), and <c>json.ratelimit</c> seconds when Reddit
    /// gives them. A 2xx whose body is not JSON (a proxy's page) still means accepted: never a reason to send again.
    /// </summary>
    private static (string? Error, double? RatelimitSeconds) ReadError(string body)
    {
        using var document = TryParse(body);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("json", out var json) || json.ValueKind != JsonValueKind.Object) return (null, null);
        double? ratelimit = json.TryGetProperty("ratelimit", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null;
        if (!json.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            return (null, ratelimit);
        var first = errors[0];
        if (first.ValueKind == JsonValueKind.Array && first.GetArrayLength() > 0) first = first[0];
        var name = first.ValueKind == JsonValueKind.String ? first.GetString() : null;
        return (string.IsNullOrWhiteSpace(name) ? "reddit_error" : name, ratelimit);
    }
}
