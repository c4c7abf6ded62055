using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// Calls to Reddit's OAuth API as the configured account, with its bearer token and the
/// descriptive User-Agent Reddit requires. A 401 means Reddit did nothing with the request (the
/// token lapsed or was revoked early), so it is asked once more with a fresh token.
/// </summary>
internal sealed class RedditApi(IHttpClientFactory httpClients, RedditTokens tokens, IOptions<RedditOptions> options)
{
    public const string HttpClientName = "reddit";

    public RedditOptions Options => options.Value;

    /// <summary>The account's name for rate limits and poll cursors: the username, else a digest of the refresh token.</summary>
    public string Account => options.Value.Username is { Length: > 0 } name ? name.ToLowerInvariant() : AccountDigest.Of(options.Value.RefreshToken);

    public string Url(string pathAndQuery) => $"{options.Value.ApiBaseUrl.TrimEnd('/')}{pathAndQuery}";

    /// <param name="build">Builds the request afresh: a request message cannot be sent twice.</param>
    /// <exception cref="RedditAuthException">No token could be had; nothing was sent.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var token = await tokens.GetAsync(null, cancellationToken);
        var response = await SendOnceAsync(client, build(), token, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        token = await tokens.GetAsync(token, cancellationToken);
        return await SendOnceAsync(client, build(), token, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, HttpRequestMessage request, string token, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.TryAddWithoutValidation("User-Agent", options.Value.EffectiveUserAgent);
            return await client.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// Reddit's per-account budget from <c>X-Ratelimit-Remaining</c> and <c>X-Ratelimit-Reset</c>
    /// (seconds until the period ends): the wait before the next call, when the budget is spent.
    /// </summary>
    public static TimeSpan? ExhaustedFor(HttpResponseMessage response) =>
        Header(response, "X-Ratelimit-Remaining") is { } remaining && remaining < 1 ? Reset(response) : null;

    /// <summary>Seconds until Reddit's rate-limit period ends (<c>X-Ratelimit-Reset</c>).</summary>
    public static TimeSpan? Reset(HttpResponseMessage response) =>
        Header(response, "X-Ratelimit-Reset") is { } seconds && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;

    private static double? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
